<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Alert</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Near the limit</source>
        <translation>Nahe am Limit</translation>
    </message>
    <message>
        <source>Calls blocked</source>
        <translation>Anrufe blockiert</translation>
    </message>
    <message>
        <source>Renewal at risk</source>
        <translation>Verlängerung gefährdet</translation>
    </message>
    <message>
        <source>Subscription frozen</source>
        <translation>Abonnement eingefroren</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Use is back below %1 (%2% of %3); the peak was %4.</source>
        <translation>Die Nutzung liegt wieder unter %1 (%2 % von %3); die Spitze war %4.</translation>
    </message>
    <message>
        <source>alert at %1%: %2</source>
        <translation>Alarm bei %1 %: %2</translation>
    </message>
    <message>
        <source>%1 of %2 in use for %3 or more (%4)</source>
        <translation>%1 von %2 belegt, %3 oder länger (%4)</translation>
    </message>
    <message>
        <source>%1 of %2 in use (%3)</source>
        <translation>%1 von %2 belegt (%3)</translation>
    </message>
    <message>
        <source>%1 blocked at %2 in this episode; none since %3</source>
        <translation>In dieser Episode %1 bei %2 blockiert; seit %3 keiner mehr</translation>
    </message>
    <message>
        <source>%1 blocked at %2</source>
        <translation>%1 bei %2 blockiert</translation>
    </message>
    <message>
        <source>The renewal on %1 could not be paid: the subscription is frozen.</source>
        <translation>Die Verlängerung am %1 konnte nicht bezahlt werden: Das Abonnement ist eingefroren.</translation>
    </message>
    <message>
        <source>The renewal on %1 was paid.</source>
        <translation>Die Verlängerung am %1 wurde bezahlt.</translation>
    </message>
    <message>
        <source>The renewal warning was switched off.</source>
        <translation>Die Warnung vor der Verlängerung wurde abgeschaltet.</translation>
    </message>
    <message>
        <source>The renewal on %1 is covered now: the credits are %2.</source>
        <translation>Die Verlängerung am %1 ist jetzt gedeckt: Das Guthaben beträgt %2.</translation>
    </message>
    <message>
        <source>The renewal on %1 is no longer at risk.</source>
        <translation>Die Verlängerung am %1 ist nicht mehr gefährdet.</translation>
    </message>
    <message>
        <source>The renewal on %1 charges %2 for %3 purchased, but the credits are %4: %5 short. Add credits or remove lines before then.</source>
        <translation>Die Verlängerung am %1 kostet %2 für %3 (gekauft), das Guthaben beträgt aber %4: Es fehlen %5. Laden Sie Guthaben auf oder entfernen Sie vorher Leitungen.</translation>
    </message>
    <message>
        <source>The subscription is active again (credits %1).</source>
        <translation>Das Abonnement ist wieder aktiv (Guthaben %1).</translation>
    </message>
    <message>
        <source>The subscription is frozen with %1 in credits; the limit is %2 and no lines can be bought until credits are added.</source>
        <translation>Das Abonnement ist mit %1 Guthaben eingefroren; das Limit beträgt %2, und bis Guthaben aufgeladen wird, können keine Leitungen gekauft werden.</translation>
    </message>
    <message>
        <source>Resolved — %1: %2</source>
        <translation>Behoben – %1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n Anruf</numerusform>
            <numerusform>%n Anrufe</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 in use for %3 or more (%4); peak %5</source>
        <translation>%1 von %2 belegt, %3 oder länger (%4); Spitze %5</translation>
    </message>
    <message>
        <source>%1 of %2 in use (%3); peak %4</source>
        <translation>%1 von %2 belegt (%3); Spitze %4</translation>
    </message>
    <message>
        <source>%1 blocked at %2 in this episode; none since then</source>
        <translation>In dieser Episode %1 bei %2 blockiert; seitdem keiner mehr</translation>
    </message>
    <message>
        <source>%1 blocked at %2, the last at %3</source>
        <translation>%1 bei %2 blockiert, der letzte um %3</translation>
    </message>
</context>
<context>
    <name>CapacityPlanText</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>&lt; %1 %</source>
        <translation>&lt; %1 %</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>the last 24 hours</source>
        <translation>den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>the last 7 days</source>
        <translation>den letzten 7 Tagen</translation>
    </message>
    <message>
        <source>the last 30 days</source>
        <translation>den letzten 30 Tagen</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 Anruf</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 Anrufe</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>No calls in %1: nothing to plan from yet.</source>
        <translation>Keine Anrufe in %1: noch nichts, woraus geplant werden kann.</translation>
    </message>
    <message>
        <source>%1: no calls blocked.</source>
        <translation>%1: keine Anrufe blockiert.</translation>
    </message>
    <message>
        <source>%1: %2 blocked.</source>
        <translation>%1: %2 blockiert.</translation>
    </message>
    <message>
        <source>%1 With %2: %3 at your busiest hour (Erlang B; the replay covers %4 and more)</source>
        <translation>%1 Mit %2: %3 in Ihrer verkehrsreichsten Stunde (Erlang B; die Wiedergabe deckt %4 und mehr ab)</translation>
    </message>
    <message>
        <source>With your %1 now</source>
        <translation>Mit Ihren jetzigen %1</translation>
    </message>
    <message>
        <source>With %1</source>
        <translation>Mit %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1, as happened</source>
        <translation>%1, wie geschehen</translation>
    </message>
    <message>
        <source>%1, as happened with the %2 you had then</source>
        <translation>%1, wie geschehen mit den %2, die Sie damals hatten</translation>
    </message>
    <message>
        <source>%1, as happened with the %2–%3 lines you had then</source>
        <translation>%1, wie geschehen mit den %2–%3 Leitungen, die Sie damals hatten</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>etwa %1</translation>
    </message>
    <message>
        <source>%1 (replay of your calls)</source>
        <translation>%1 (Wiedergabe Ihrer Anrufe)</translation>
    </message>
    <message>
        <source>%1 (replay of your calls with %2 more than you had at each)</source>
        <translation>%1 (Wiedergabe Ihrer Anrufe mit jeweils %2 mehr, als Sie hatten)</translation>
    </message>
    <message>
        <source>%1 (replay of your calls with %2 fewer than you had at each)</source>
        <translation>%1 (Wiedergabe Ihrer Anrufe mit jeweils %2 weniger, als Sie hatten)</translation>
    </message>
    <message>
        <source>%1 %2: %3, %4 at your busiest hour (Erlang B)</source>
        <translation>%1 %2: %3, %4 in Ihrer verkehrsreichsten Stunde (Erlang B)</translation>
    </message>
    <message>
        <source>For at most %1 of calls blocked at your busiest hour (Erlang B)</source>
        <translation>Für höchstens %1 blockierte Anrufe in Ihrer verkehrsreichsten Stunde (Erlang B)</translation>
    </message>
    <message>
        <source>%1: %2, what you have now.</source>
        <translation>%1: %2, so viele wie jetzt.</translation>
    </message>
    <message>
        <source>%1: %2; your %3 included lines are enough, nothing to buy.</source>
        <translation>%1: %2; Ihre %3 inklusiven Leitungen reichen, nichts zu kaufen.</translation>
    </message>
    <message>
        <source>%1: %2 (%3 included + %4 purchased), %5 per month.</source>
        <translation>%1: %2 (%3 inklusive + %4 gekauft), %5 pro Monat.</translation>
    </message>
    <message>
        <source>The replay of your calls blocks none from %1 on.</source>
        <translation>Die Wiedergabe Ihrer Anrufe blockiert ab %1 keinen mehr.</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;What these figures assume&lt;/b&gt;&lt;/p&gt;&lt;ul style=&apos;margin-left:-20px&apos;&gt;&lt;li&gt;&lt;b&gt;Replay:&lt;/b&gt; your own calls in the window are played again against each total of lines, with their real start times and lengths. A call that was blocked has no length of its own, so it gets one drawn from your admitted calls.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Erlang B:&lt;/b&gt; the calls of your busiest hour are taken as random, independent arrivals with your mean call length. Traffic that comes in bursts is blocked more often than this says.&lt;/li&gt;&lt;li&gt;Blocked callers are assumed not to try again. Callers who do try again add calls of their own.&lt;/li&gt;&lt;li&gt;Dialer campaigns fill whatever lines they get: for them more lines mean more calls at the same time, not fewer blocked ones.&lt;/li&gt;&lt;li&gt;The past is not a promise: a busier week needs more lines.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Was diese Zahlen annehmen&lt;/b&gt;&lt;/p&gt;&lt;ul style=&apos;margin-left:-20px&apos;&gt;&lt;li&gt;&lt;b&gt;Wiedergabe:&lt;/b&gt; Ihre eigenen Anrufe im Zeitraum werden gegen jede Gesamtzahl an Leitungen erneut abgespielt, mit ihren echten Startzeiten und Dauern. Ein blockierter Anruf hat keine eigene Dauer; er erhält eine, die aus Ihren angenommenen Anrufen gezogen wird.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Erlang B:&lt;/b&gt; Die Anrufe Ihrer verkehrsreichsten Stunde gelten als zufällige, unabhängige Ankünfte mit Ihrer mittleren Anrufdauer. Verkehr, der in Schüben kommt, wird öfter blockiert, als dies angibt.&lt;/li&gt;&lt;li&gt;Blockierte Anrufer versuchen es annahmegemäß nicht erneut. Anrufer, die es erneut versuchen, erzeugen eigene Anrufe.&lt;/li&gt;&lt;li&gt;Wähler-Kampagnen füllen alle Leitungen, die sie bekommen: Für sie bedeuten mehr Leitungen mehr gleichzeitige Anrufe, nicht weniger blockierte.&lt;/li&gt;&lt;li&gt;Die Vergangenheit ist kein Versprechen: Eine geschäftigere Woche braucht mehr Leitungen.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>The service did not answer.</source>
        <translation>Der Dienst hat nicht geantwortet.</translation>
    </message>
    <message>
        <source>The service is busy working out other reports.</source>
        <translation>Der Dienst ist mit anderen Auswertungen beschäftigt.</translation>
    </message>
    <message>
        <source>The service has no capacity plan for this subscription.</source>
        <translation>Der Dienst hat keinen Kapazitätsplan für dieses Abonnement.</translation>
    </message>
</context>
<context>
    <name>ConsoleOptions</name>
    <message>
        <source>Linedesk: concurrency lines and billing for your voice-AI platform.
Without --server it runs its own service with demo data.</source>
        <translation>Linedesk: Concurrency-Leitungen und Abrechnung für Ihre Voice-AI-Plattform.
Ohne --server startet es einen eigenen Dienst mit Demodaten.</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <source>Connect to the linedesk-server at &lt;url&gt; (env LINEDESK_SERVER).</source>
        <translation>Mit dem linedesk-server unter &lt;url&gt; verbinden (Umgebungsvariable LINEDESK_SERVER).</translation>
    </message>
    <message>
        <source>Sign in with &lt;token&gt; (env LINEDESK_TOKEN).</source>
        <translation>Mit &lt;token&gt; anmelden (Umgebungsvariable LINEDESK_TOKEN).</translation>
    </message>
    <message>
        <source>Use the built-in demo service even if a server is saved.</source>
        <translation>Den eingebauten Demodienst verwenden, auch wenn ein Server gespeichert ist.</translation>
    </message>
    <message>
        <source>Folder of the built-in service&apos;s database (env LINEDESK_DATA_DIR).</source>
        <translation>Ordner der Datenbank des eingebauten Dienstes (Umgebungsvariable LINEDESK_DATA_DIR).</translation>
    </message>
    <message>
        <source>Show the console in &lt;language&gt;: en or de (env LINEDESK_LANGUAGE); without it, the choice in Settings.</source>
        <translation>Die Konsole in &lt;language&gt; anzeigen: en oder de (Umgebungsvariable LINEDESK_LANGUAGE); ohne Angabe gilt die Wahl in den Einstellungen.</translation>
    </message>
    <message>
        <source>Not a server URL: %1</source>
        <translation>Keine Server-URL: %1</translation>
    </message>
    <message>
        <source>Unknown language: %1 (use en or de).</source>
        <translation>Unbekannte Sprache: %1 (verwenden Sie en oder de).</translation>
    </message>
    <message>
        <source>--embedded and --server exclude each other.</source>
        <translation>--embedded und --server schließen einander aus.</translation>
    </message>
    <message>
        <source>linedesk: no display to open a window on (no DISPLAY or WAYLAND_DISPLAY). Run it in a virtual one with `xvfb-run -a scripts/run` (or `xvfb-run -a linedesk`), or run the service alone: `linedesk-server --listen 127.0.0.1:8080 --database /tmp/linedesk.db --demo`.</source>
        <translation>linedesk: keine Anzeige, auf der ein Fenster geöffnet werden kann (weder DISPLAY noch WAYLAND_DISPLAY). Starten Sie es in einer virtuellen mit `xvfb-run -a scripts/run` (oder `xvfb-run -a linedesk`), oder starten Sie nur den Dienst: `linedesk-server --listen 127.0.0.1:8080 --database /tmp/linedesk.db --demo`.</translation>
    </message>
</context>
<context>
    <name>LinePreviewText</name>
    <message>
        <source>%1 included + %2 purchased = %3 concurrent calls</source>
        <translation>%1 inklusive + %2 gekauft = %3 gleichzeitige Anrufe</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Charged now</source>
        <translation>Jetzt belastet</translation>
    </message>
    <message>
        <source>Refunded now</source>
        <translation>Jetzt erstattet</translation>
    </message>
    <message>
        <source>prorated for %1, from credits (%2 available)</source>
        <translation>anteilig für %1, aus dem Guthaben (%2 verfügbar)</translation>
    </message>
    <message>
        <source>to credits, for the unused part of %1</source>
        <translation>ins Guthaben, für den ungenutzten Teil von %1</translation>
    </message>
    <message>
        <source>from %1 (now %2)</source>
        <translation>ab %1 (jetzt %2)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (now %2).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (jetzt %2).</translation>
    </message>
    <message numerus="yes">
        <source>%n concurrent call(s)</source>
        <translation>
            <numerusform>%n gleichzeitiger Anruf</numerusform>
            <numerusform>%n gleichzeitige Anrufe</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: &lt;b&gt;%2&lt;/b&gt;, %3.</source>
        <translation>%1: &lt;b&gt;%2&lt;/b&gt;, %3.</translation>
    </message>
    <message>
        <source>New monthly charge: &lt;b&gt;%1&lt;/b&gt; (%2 × %3), %4.</source>
        <translation>Neue monatliche Gebühr: &lt;b&gt;%1&lt;/b&gt; (%2 × %3), %4.</translation>
    </message>
    <message>
        <source>Credits now: %1. Active calls now: %2.</source>
        <translation>Guthaben jetzt: %1. Aktive Anrufe jetzt: %2.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The service would refuse this change:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Der Dienst würde diese Änderung ablehnen:&lt;/b&gt; %1</translation>
    </message>
</context>
<context>
    <name>WebhookDelivery</name>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Wird wiederholt</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>linedesk::ActiveCallsModel</name>
    <message>
        <source>Inbound phone</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>Outbound phone</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>Lease</source>
        <translation>Lease</translation>
    </message>
    <message>
        <source>Call id</source>
        <translation>Anruf-ID</translation>
    </message>
</context>
<context>
    <name>linedesk::AlertCenter</name>
    <message>
        <source>%1 — resolved</source>
        <translation>%1 – behoben</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>below the limit</source>
        <translation>unter dem Limit</translation>
    </message>
    <message>
        <source>near the limit</source>
        <translation>nahe am Limit</translation>
    </message>
    <message>
        <source>at the limit</source>
        <translation>am Limit</translation>
    </message>
    <message>
        <source>no live numbers</source>
        <translation>keine Live-Zahlen</translation>
    </message>
    <message>
        <source>Linedesk — calls are being blocked</source>
        <translation>Linedesk – Anrufe werden blockiert</translation>
    </message>
    <message>
        <source>Linedesk — no live numbers</source>
        <translation>Linedesk – keine Live-Zahlen</translation>
    </message>
    <message>
        <source>Linedesk — %1 of %2 in use</source>
        <translation>Linedesk – %1 von %2 belegt</translation>
    </message>
    <message>
        <source>%1: near the limit</source>
        <translation>%1: nahe am Limit</translation>
    </message>
    <message>
        <source>%1: calls are being blocked</source>
        <translation>%1: Anrufe werden blockiert</translation>
    </message>
    <message>
        <source>%1: at the limit</source>
        <translation>%1: am Limit</translation>
    </message>
    <message>
        <source>You are a viewer of %1: only an admin of the organization can change the alert rules.</source>
        <translation>Sie sind Betrachter von %1: Nur ein Admin der Organisation kann die Alarmregeln ändern.</translation>
    </message>
    <message>
        <source>Support staff can read the alert rules; only an admin of the organization can change them.</source>
        <translation>Support-Mitarbeiter können die Alarmregeln lesen; ändern kann sie nur ein Admin der Organisation.</translation>
    </message>
    <message>
        <source>Only an admin of the organization can change the alert rules.</source>
        <translation>Nur ein Admin der Organisation kann die Alarmregeln ändern.</translation>
    </message>
</context>
<context>
    <name>linedesk::AlertListModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
</context>
<context>
    <name>linedesk::ApiClient</name>
    <message>
        <source>The service did not answer within %1 seconds.</source>
        <translation>Der Dienst hat nicht innerhalb von %1 Sekunden geantwortet.</translation>
    </message>
    <message>
        <source>Cannot reach the Linedesk service at %1:%2 (%3).</source>
        <translation>Der Linedesk-Dienst unter %1:%2 ist nicht erreichbar (%3).</translation>
    </message>
    <message>
        <source>The service answered %1 %2.</source>
        <translation>Der Dienst antwortete mit %1 %2.</translation>
    </message>
    <message>
        <source>The service sent an answer the console cannot read.</source>
        <translation>Der Dienst hat eine Antwort gesendet, die die Konsole nicht lesen kann.</translation>
    </message>
</context>
<context>
    <name>linedesk::ApiErrorText</name>
    <message>
        <source>The request could not be read by the service.</source>
        <translation>Der Dienst konnte die Anfrage nicht lesen.</translation>
    </message>
    <message>
        <source>The request was incomplete or not valid.</source>
        <translation>Die Anfrage war unvollständig oder ungültig.</translation>
    </message>
    <message>
        <source>The request contained a field the service does not know.</source>
        <translation>Die Anfrage enthielt ein Feld, das der Dienst nicht kennt.</translation>
    </message>
    <message>
        <source>Enter the number of lines.</source>
        <translation>Geben Sie die Anzahl der Leitungen ein.</translation>
    </message>
    <message>
        <source>That number of lines is not possible.</source>
        <translation>Diese Anzahl Leitungen ist nicht möglich.</translation>
    </message>
    <message>
        <source>The request lacked its one-time key; try again.</source>
        <translation>Der Anfrage fehlte ihr Einmalschlüssel; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The request&apos;s one-time key was not valid; try again.</source>
        <translation>Der Einmalschlüssel der Anfrage war ungültig; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The request&apos;s version check was not valid; reload and try again.</source>
        <translation>Die Versionsprüfung der Anfrage war ungültig; laden Sie neu und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The page size asked for is not possible.</source>
        <translation>Diese Seitengröße ist nicht möglich.</translation>
    </message>
    <message>
        <source>The list position is no longer valid; reload the list.</source>
        <translation>Die Listenposition ist nicht mehr gültig; laden Sie die Liste neu.</translation>
    </message>
    <message>
        <source>That filter is not valid.</source>
        <translation>Dieser Filter ist ungültig.</translation>
    </message>
    <message>
        <source>That subscription type is not valid.</source>
        <translation>Dieser Abonnementtyp ist ungültig.</translation>
    </message>
    <message>
        <source>That sort order is not possible.</source>
        <translation>Diese Sortierung ist nicht möglich.</translation>
    </message>
    <message>
        <source>That call type is not valid.</source>
        <translation>Dieser Anruftyp ist ungültig.</translation>
    </message>
    <message>
        <source>That organization is not valid.</source>
        <translation>Diese Organisation ist ungültig.</translation>
    </message>
    <message>
        <source>A field of the request is not valid.</source>
        <translation>Ein Feld der Anfrage ist ungültig.</translation>
    </message>
    <message>
        <source>Choose an organization.</source>
        <translation>Wählen Sie eine Organisation.</translation>
    </message>
    <message>
        <source>That reason is not valid.</source>
        <translation>Dieser Grund ist ungültig.</translation>
    </message>
    <message>
        <source>Enter a reason.</source>
        <translation>Geben Sie einen Grund an.</translation>
    </message>
    <message>
        <source>That time is not valid.</source>
        <translation>Diese Zeitangabe ist ungültig.</translation>
    </message>
    <message>
        <source>That status is not valid.</source>
        <translation>Dieser Status ist ungültig.</translation>
    </message>
    <message>
        <source>A value in the request is not valid.</source>
        <translation>Ein Wert in der Anfrage ist ungültig.</translation>
    </message>
    <message>
        <source>The request contained a value the service does not know.</source>
        <translation>Die Anfrage enthielt einen Wert, den der Dienst nicht kennt.</translation>
    </message>
    <message>
        <source>The service could not answer that query.</source>
        <translation>Der Dienst konnte diese Abfrage nicht beantworten.</translation>
    </message>
    <message>
        <source>That target is not valid.</source>
        <translation>Dieser Zielwert ist ungültig.</translation>
    </message>
    <message>
        <source>That time window is not valid.</source>
        <translation>Dieser Zeitraum ist ungültig.</translation>
    </message>
    <message>
        <source>That time window is too long; choose a shorter one.</source>
        <translation>Dieser Zeitraum ist zu lang; wählen Sie einen kürzeren.</translation>
    </message>
    <message>
        <source>The alert rules are not valid; check the values.</source>
        <translation>Die Alarmregeln sind ungültig; prüfen Sie die Werte.</translation>
    </message>
    <message>
        <source>Enter a valid https:// address for the webhook.</source>
        <translation>Geben Sie eine gültige https://-Adresse für den Webhook ein.</translation>
    </message>
    <message>
        <source>Webhooks cannot be sent to that address.</source>
        <translation>An diese Adresse können keine Webhooks gesendet werden.</translation>
    </message>
    <message>
        <source>The webhook secret is not valid.</source>
        <translation>Das Webhook-Geheimnis ist ungültig.</translation>
    </message>
    <message>
        <source>Not signed in: the token is missing, wrong or expired.</source>
        <translation>Nicht angemeldet: Das Token fehlt, ist falsch oder abgelaufen.</translation>
    </message>
    <message>
        <source>Not enough credits for this change. Add credits and try again.</source>
        <translation>Nicht genug Guthaben für diese Änderung. Laden Sie Guthaben auf und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>Ihre Rolle erlaubt das nicht.</translation>
    </message>
    <message>
        <source>The service does not offer this; it may be an older version.</source>
        <translation>Der Dienst bietet das nicht an; vielleicht ist er eine ältere Version.</translation>
    </message>
    <message>
        <source>The subscription was not found.</source>
        <translation>Das Abonnement wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The organization was not found.</source>
        <translation>Die Organisation wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The call was not found.</source>
        <translation>Der Anruf wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The webhook was not found; it may have been removed.</source>
        <translation>Der Webhook wurde nicht gefunden; vielleicht wurde er entfernt.</translation>
    </message>
    <message>
        <source>The service does not allow this request.</source>
        <translation>Der Dienst lässt diese Anfrage nicht zu.</translation>
    </message>
    <message>
        <source>The subscription is frozen: no lines can be bought until it is renewed.</source>
        <translation>Das Abonnement ist eingefroren: Bis zur Verlängerung können keine Leitungen gekauft werden.</translation>
    </message>
    <message>
        <source>You cannot remove more lines than were purchased.</source>
        <translation>Sie können nicht mehr Leitungen entfernen, als gekauft wurden.</translation>
    </message>
    <message>
        <source>Someone else changed the lines at the same time; reload and try again.</source>
        <translation>Jemand anderes hat die Leitungen gleichzeitig geändert; laden Sie neu und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The call has already ended.</source>
        <translation>Der Anruf ist bereits beendet.</translation>
    </message>
    <message>
        <source>A webhook with this address already exists.</source>
        <translation>Ein Webhook mit dieser Adresse existiert bereits.</translation>
    </message>
    <message>
        <source>No more webhooks can be added; remove one first.</source>
        <translation>Es können keine weiteren Webhooks hinzugefügt werden; entfernen Sie zuerst einen.</translation>
    </message>
    <message>
        <source>The data was changed meanwhile; reload and try again.</source>
        <translation>Die Daten wurden inzwischen geändert; laden Sie neu und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The request was too large.</source>
        <translation>Die Anfrage war zu groß.</translation>
    </message>
    <message>
        <source>The service could not read the request&apos;s format.</source>
        <translation>Der Dienst konnte das Format der Anfrage nicht lesen.</translation>
    </message>
    <message>
        <source>This request was already used for a different change.</source>
        <translation>Diese Anfrage wurde bereits für eine andere Änderung verwendet.</translation>
    </message>
    <message>
        <source>The service needs a newer console.</source>
        <translation>Der Dienst benötigt eine neuere Konsole.</translation>
    </message>
    <message>
        <source>The service had an internal error; try again later.</source>
        <translation>Im Dienst ist ein interner Fehler aufgetreten; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>That is more lines than can be bought here; contact support for more.</source>
        <translation>Das sind mehr Leitungen, als hier gekauft werden können; wenden Sie sich für mehr an den Support.</translation>
    </message>
</context>
<context>
    <name>linedesk::AuditTrailModel</name>
    <message>
        <source>Lines bought</source>
        <translation>Leitungen gekauft</translation>
    </message>
    <message>
        <source>Lines removed</source>
        <translation>Leitungen entfernt</translation>
    </message>
    <message>
        <source>Renewal charged</source>
        <translation>Verlängerung berechnet</translation>
    </message>
    <message>
        <source>Frozen at renewal</source>
        <translation>Bei Verlängerung eingefroren</translation>
    </message>
    <message>
        <source>Credits added</source>
        <translation>Guthaben aufgeladen</translation>
    </message>
    <message>
        <source>Subscription created</source>
        <translation>Abonnement angelegt</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>(details)</source>
        <translation>(Details)</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Purchased lines</source>
        <translation>Gekaufte Leitungen</translation>
    </message>
    <message>
        <source>Included lines</source>
        <translation>Inklusive Leitungen</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Self-serve line cap</source>
        <translation>Self-Service-Obergrenze für Leitungen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Anruf</translation>
    </message>
    <message>
        <source>Active calls</source>
        <translation>Aktive Anrufe</translation>
    </message>
    <message>
        <source>%1 · request %2</source>
        <translation>%1 · Anfrage %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>Vorher → nachher</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Call ended by support</source>
        <translation>Anruf vom Support beendet</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>eingefroren</translation>
    </message>
    <message numerus="yes">
        <source>Bought %n line(s); %1 charged, prorated to the end of the period.</source>
        <translation>
            <numerusform>%n Leitung gekauft; %1 belastet, anteilig bis zum Ende des Zeitraums.</numerusform>
            <numerusform>%n Leitungen gekauft; %1 belastet, anteilig bis zum Ende des Zeitraums.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n line(s); %1 refunded for the rest of the period.</source>
        <translation>
            <numerusform>%n Leitung entfernt; %1 für den Rest des Zeitraums erstattet.</numerusform>
            <numerusform>%n Leitungen entfernt; %1 für den Rest des Zeitraums erstattet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Renewed %n purchased line(s) for %1.</source>
        <translation>
            <numerusform>%n gekaufte Leitung für %1 verlängert.</numerusform>
            <numerusform>%n gekaufte Leitungen für %1 verlängert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The credits (%1) could not cover the renewal of %n purchased line(s): frozen, and the purchased lines dropped.</source>
        <translation>
            <numerusform>Das Guthaben (%1) reichte nicht für die Verlängerung von %n gekauften Leitung: eingefroren, die gekaufte Leitung entfällt.</numerusform>
            <numerusform>Das Guthaben (%1) reichte nicht für die Verlängerung von %n gekauften Leitungen: eingefroren, die gekauften Leitungen entfallen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Call renamed by support</source>
        <translation>Anruf vom Support umbenannt</translation>
    </message>
    <message>
        <source>Call data deleted</source>
        <translation>Anrufdaten gelöscht</translation>
    </message>
    <message>
        <source>Details erased, times still count · call %1, started %2</source>
        <translation>Angaben gelöscht, Zeiten zählen weiter · Anruf %1, begonnen %2</translation>
    </message>
    <message>
        <source>Details erased, times still count · call %1</source>
        <translation>Angaben gelöscht, Zeiten zählen weiter · Anruf %1</translation>
    </message>
    <message>
        <source>%2 changed · call %1</source>
        <translation>%2 geändert · Anruf %1</translation>
    </message>
</context>
<context>
    <name>linedesk::CapacityPlanModel</name>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>empfohlen</translation>
    </message>
    <message>
        <source>Your window&apos;s calls, played again against this many lines</source>
        <translation>Die Anrufe Ihres Zeitraums, erneut abgespielt gegen so viele Leitungen</translation>
    </message>
    <message>
        <source>Share of calls blocked at your busiest hour if its calls came at random (Erlang B)</source>
        <translation>Anteil blockierter Anrufe in Ihrer verkehrsreichsten Stunde, wenn deren Anrufe zufällig kämen (Erlang B)</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Leitungen</translation>
    </message>
    <message>
        <source>Purchased</source>
        <translation>Gekauft</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
    <message>
        <source>Blocked, replay</source>
        <translation>Blockiert
(Wiedergabe)</translation>
    </message>
    <message>
        <source>Erlang B</source>
        <translation>Erlang B</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s), now, recommended</source>
        <translation>
            <numerusform>%n Leitung, jetzt, empfohlen</numerusform>
            <numerusform>%n Leitungen, jetzt, empfohlen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s), now</source>
        <translation>
            <numerusform>%n Leitung, jetzt</numerusform>
            <numerusform>%n Leitungen, jetzt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s), recommended</source>
        <translation>
            <numerusform>%n Leitung, empfohlen</numerusform>
            <numerusform>%n Leitungen, empfohlen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n Leitung</numerusform>
            <numerusform>%n Leitungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::Console</name>
    <message>
        <source>The built-in service has no demo sign-ins (%1 is missing).</source>
        <translation>Der eingebaute Dienst hat keine Demo-Anmeldungen (%1 fehlt).</translation>
    </message>
</context>
<context>
    <name>linedesk::EmbeddedService</name>
    <message>
        <source>Cannot create the data folder %1.</source>
        <translation>Der Datenordner %1 kann nicht angelegt werden.</translation>
    </message>
</context>
<context>
    <name>linedesk::LineChangeModel</name>
    <message>
        <source>Dropped at renewal (%1)</source>
        <translation>Bei Verlängerung entfallen (%1)</translation>
    </message>
    <message>
        <source>Bought %1</source>
        <translation>%1 gekauft</translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>%1 entfernt</translation>
    </message>
    <message>
        <source>%1 → %2 purchased</source>
        <translation>%1 → %2 gekauft</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 charged</source>
        <translation>%1 berechnet</translation>
    </message>
    <message>
        <source>%1 refunded</source>
        <translation>%1 erstattet</translation>
    </message>
    <message>
        <source>Request %1</source>
        <translation>Anfrage %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>Vorher → nachher</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
</context>
<context>
    <name>linedesk::PagedCsvExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>linedesk::Session</name>
    <message>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>You are a viewer of %1. Only an admin of the organization can buy or remove lines.</source>
        <translation>Sie sind Betrachter von %1. Nur ein Admin der Organisation kann Leitungen kaufen oder entfernen.</translation>
    </message>
    <message>
        <source>Support staff can preview line changes but never buy or remove lines.</source>
        <translation>Support-Mitarbeiter können Leitungsänderungen in der Vorschau ansehen, aber nie Leitungen kaufen oder entfernen.</translation>
    </message>
    <message>
        <source>Sign in as an admin of the organization to buy or remove lines.</source>
        <translation>Melden Sie sich als Admin der Organisation an, um Leitungen zu kaufen oder zu entfernen.</translation>
    </message>
</context>
<context>
    <name>linedesk::SubscriptionHistory</name>
    <message>
        <source>Only admins and support staff can read the audit trail.</source>
        <translation>Nur Admins und Support-Mitarbeiter können das Änderungsprotokoll lesen.</translation>
    </message>
</context>
<context>
    <name>linedesk::SubscriptionInspection</name>
    <message>
        <source>The subscription %1 no longer exists.</source>
        <translation>Das Abonnement %1 existiert nicht mehr.</translation>
    </message>
</context>
<context>
    <name>linedesk::SubscriptionSearchModel</name>
    <message>
        <source>Pay as you go</source>
        <translation>Pay as you go</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>Startup</translation>
    </message>
    <message>
        <source>Growth</source>
        <translation>Growth</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>No longer in the list</source>
        <translation>Nicht mehr in der Liste</translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation>Nicht geladen</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>This subscription no longer matches; Refresh (F5) updates the list</source>
        <translation>Dieses Abonnement passt nicht mehr; Aktualisieren (F5) erneuert die Liste</translation>
    </message>
    <message>
        <source>The service did not answer; scroll again to retry</source>
        <translation>Der Dienst hat nicht geantwortet; scrollen Sie erneut, um es noch einmal zu versuchen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Last 24 hours, computed %1</source>
        <translation>Letzte 24 Stunden, berechnet %1</translation>
    </message>
    <message>
        <source>Calls holding a line now</source>
        <translation>Anrufe, die jetzt eine Leitung belegen</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Eingefroren</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Organizations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Incl.</source>
        <translation>Inkl.</translation>
    </message>
    <message>
        <source>Bought</source>
        <translation>Gekauft</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Peak
24 h</source>
        <translation>Spitze
24 h</translation>
    </message>
    <message>
        <source>Blocked
24 h</source>
        <translation>Blockiert
24 h</translation>
    </message>
    <message>
        <source>Use
24 h</source>
        <translation>Nutzung
24 h</translation>
    </message>
    <message>
        <source>Subscription name</source>
        <translation>Name des Abonnements</translation>
    </message>
    <message>
        <source>Subscription id</source>
        <translation>ID des Abonnements</translation>
    </message>
    <message>
        <source>Organizations sharing the subscription</source>
        <translation>Organisationen, die sich das Abonnement teilen</translation>
    </message>
    <message>
        <source>Plan type</source>
        <translation>Tariftyp</translation>
    </message>
    <message>
        <source>Active or frozen</source>
        <translation>Aktiv oder eingefroren</translation>
    </message>
    <message>
        <source>Prepaid credits</source>
        <translation>Vorausbezahltes Guthaben</translation>
    </message>
    <message>
        <source>Lines included in the plan</source>
        <translation>Im Tarif enthaltene Leitungen</translation>
    </message>
    <message>
        <source>Lines purchased as an add-on</source>
        <translation>Als Zusatzoption gekaufte Leitungen</translation>
    </message>
    <message>
        <source>Concurrency limit: included + purchased</source>
        <translation>Concurrency-Limit: inklusive + gekauft</translation>
    </message>
    <message>
        <source>Calls active now</source>
        <translation>Jetzt aktive Anrufe</translation>
    </message>
    <message>
        <source>Most calls at once in the last 24 hours</source>
        <translation>Höchstzahl gleichzeitiger Anrufe in den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>Calls blocked at the limit in the last 24 hours</source>
        <translation>Am Limit blockierte Anrufe in den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>24-hour peak as a share of today&apos;s limit</source>
        <translation>24-Stunden-Spitze als Anteil am heutigen Limit</translation>
    </message>
    <message>
        <source>Matched email</source>
        <translation>Gefundene E-Mail</translation>
    </message>
    <message>
        <source>The members&apos; emails the search matched</source>
        <translation>Die E-Mail-Adressen der Mitglieder, die die Suche gefunden hat</translation>
    </message>
    <message>
        <source>%1 — click to sort</source>
        <translation>%1 – zum Sortieren klicken</translation>
    </message>
</context>
<context>
    <name>linedesk::TokenStore</name>
    <message>
        <source>the secret store is turned off (LINEDESK_NO_KEYCHAIN)</source>
        <translation>der Schlüsselbund ist abgeschaltet (LINEDESK_NO_KEYCHAIN)</translation>
    </message>
    <message>
        <source>The token is kept in the desktop&apos;s secret store.</source>
        <translation>Das Token wird im Schlüsselbund des Desktops aufbewahrt.</translation>
    </message>
    <message>
        <source>The token is kept in memory only, for this session: %1. You will be asked for it again next time.</source>
        <translation>Das Token wird nur im Speicher gehalten, für diese Sitzung: %1. Beim nächsten Mal werden Sie erneut danach gefragt.</translation>
    </message>
    <message>
        <source>no desktop secret store answered (%1)</source>
        <translation>kein Schlüsselbund des Desktops hat geantwortet (%1)</translation>
    </message>
    <message>
        <source>the desktop secret store refused it (%1)</source>
        <translation>der Schlüsselbund des Desktops hat es abgelehnt (%1)</translation>
    </message>
</context>
<context>
    <name>linedesk::WebhookDeliveryModel</name>
    <message>
        <source>%1 — resolved</source>
        <translation>%1 – behoben</translation>
    </message>
    <message>
        <source>%1 — firing</source>
        <translation>%1 – aktiv</translation>
    </message>
    <message>
        <source>next try %1</source>
        <translation>nächster Versuch %1</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>%1: %2 (%3 ms)</source>
        <translation>%1: %2 (%3 ms)</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>Letztes Ergebnis</translation>
    </message>
    <message>
        <source>Delivered / next try</source>
        <translation>Zugestellt / nächster Versuch</translation>
    </message>
</context>
<context>
    <name>linedesk::WebhookModel</name>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
</context>
<context>
    <name>linedesk::format</name>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n Leitung</numerusform>
            <numerusform>%n Leitungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::AlertBanner</name>
    <message>
        <source>New alert</source>
        <translation>Neuer Alarm</translation>
    </message>
    <message>
        <source>Open &amp;Live</source>
        <translation>&amp;Live öffnen</translation>
    </message>
    <message>
        <source>All alerts</source>
        <translation>Alle Alarme</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Hide this notification (the alert stays in the Alerts list)</source>
        <translation>Diese Benachrichtigung ausblenden (der Alarm bleibt in der Alarmliste)</translation>
    </message>
    <message>
        <source>All alerts (%1)</source>
        <translation>Alle Alarme (%1)</translation>
    </message>
    <message>
        <source>Open &amp;Billing</source>
        <translation>&amp;Abrechnung öffnen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::AlertNavButton</name>
    <message>
        <source>%1 alerts firing</source>
        <translation>%1 Alarme aktiv</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::AlertNotifier</name>
    <message>
        <source>&amp;Show Linedesk</source>
        <translation>Linedesk &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::AlertRulesEditor</name>
    <message>
        <source>Alert rules</source>
        <translation>Alarmregeln</translation>
    </message>
    <message>
        <source>Each rule raises one alert per episode: it fires once, shows as a notification and in the list, and resolves by itself when the condition ends. Webhooks receive both.</source>
        <translation>Jede Regel löst pro Episode einen Alarm aus: Er wird einmal ausgelöst, erscheint als Benachrichtigung und in der Liste und wird von selbst behoben, wenn die Bedingung endet. Webhooks erhalten beides.</translation>
    </message>
    <message>
        <source>&amp;Near the limit</source>
        <translation>&amp;Nahe am Limit</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Near-limit percent of the lines</source>
        <translation>Prozentsatz der Leitungen für „nahe am Limit“</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Near-limit duration in seconds</source>
        <translation>Dauer für „nahe am Limit“ in Sekunden</translation>
    </message>
    <message>
        <source>when</source>
        <translation>wenn</translation>
    </message>
    <message>
        <source>of the lines are busy for</source>
        <translation>der Leitungen belegt sind, für</translation>
    </message>
    <message>
        <source>or longer</source>
        <translation>oder länger</translation>
    </message>
    <message>
        <source>Calls &amp;blocked</source>
        <translation>Anrufe &amp;blockiert</translation>
    </message>
    <message>
        <source>when a call is refused because every line is busy</source>
        <translation>wenn ein Anruf abgewiesen wird, weil alle Leitungen belegt sind</translation>
    </message>
    <message>
        <source>&amp;Renewal at risk</source>
        <translation>&amp;Verlängerung gefährdet</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Days before the renewal</source>
        <translation>Tage vor der Verlängerung</translation>
    </message>
    <message>
        <source>before a renewal the credits cannot pay for</source>
        <translation>vor einer Verlängerung, die das Guthaben nicht bezahlen kann</translation>
    </message>
    <message>
        <source>Subscription &amp;frozen</source>
        <translation>Abonnement &amp;eingefroren</translation>
    </message>
    <message>
        <source>when the subscription is frozen for lack of credits</source>
        <translation>wenn das Abonnement mangels Guthaben eingefroren wird</translation>
    </message>
    <message>
        <source>It resolves once credits are added and the subscription is active again.</source>
        <translation>Er wird behoben, sobald Guthaben aufgeladen wurde und das Abonnement wieder aktiv ist.</translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation>&amp;Standard wiederherstellen</translation>
    </message>
    <message>
        <source>Put the default rules in the form (nothing is saved yet)</source>
        <translation>Die Standardregeln ins Formular übernehmen (noch wird nichts gespeichert)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Save rules</source>
        <translation>Regeln &amp;speichern</translation>
    </message>
    <message>
        <source>The alert rules could not be read: %1</source>
        <translation>Die Alarmregeln konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Reading the rules…</source>
        <translation>Regeln werden gelesen…</translation>
    </message>
    <message>
        <source>Last changed by %1 on %2 (version %3).</source>
        <translation>Zuletzt geändert von %1 am %2 (Version %3).</translation>
    </message>
    <message>
        <source>an admin</source>
        <translation>einem Admin</translation>
    </message>
    <message>
        <source>These are the default rules; nobody has changed them yet.</source>
        <translation>Dies sind die Standardregeln; bisher hat sie niemand geändert.</translation>
    </message>
    <message>
        <source>Off: no near-limit alerts. The tray still turns amber at %1% of the lines.</source>
        <translation>Aus: keine Alarme „nahe am Limit“. Die Anzeige im Infobereich wird trotzdem bei %1 % der Leitungen gelb.</translation>
    </message>
    <message>
        <source>With %1 that is %2 or more at once.</source>
        <translation>Bei %1 sind das %2 oder mehr gleichzeitig.</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 Anruf</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 Anrufe</translation>
    </message>
    <message>
        <source>Only for purchased lines: none are bought now.</source>
        <translation>Nur für gekaufte Leitungen: Zurzeit sind keine gekauft.</translation>
    </message>
    <message>
        <source>The next renewal, on %1, charges %2 for %3; the credits are %4.</source>
        <translation>Die nächste Verlängerung am %1 kostet %2 für %3; das Guthaben beträgt %4.</translation>
    </message>
    <message>
        <source>One alert per episode; it resolves after %1 without a blocked call.</source>
        <translation>Ein Alarm pro Episode; er wird nach %1 ohne blockierten Anruf behoben.</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Saving the alert rules…</source>
        <translation>Alarmregeln werden gespeichert…</translation>
    </message>
    <message>
        <source>Saved. The new rules apply from now on (version %1).</source>
        <translation>Gespeichert. Die neuen Regeln gelten ab jetzt (Version %1).</translation>
    </message>
    <message>
        <source>Someone else changed the rules while you were editing — reloaded. Your changes were not saved: make them again and save.</source>
        <translation>Jemand anderes hat die Regeln während Ihrer Bearbeitung geändert – neu geladen. Ihre Änderungen wurden nicht gespeichert: Nehmen Sie sie erneut vor und speichern Sie.</translation>
    </message>
    <message>
        <source>Not saved: %1 Your changes are still here; try again.</source>
        <translation>Nicht gespeichert: %1 Ihre Änderungen sind noch da; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::AlertsPage</name>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Show alerts in this state</source>
        <translation>Alarme in diesem Zustand anzeigen</translation>
    </message>
    <message>
        <source>Firing and resolved</source>
        <translation>Aktiv und behoben</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <source>Show alerts of this kind</source>
        <translation>Alarme dieser Art anzeigen</translation>
    </message>
    <message>
        <source>Every kind</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Alerts, newest first</source>
        <translation>Alarme, neueste zuerst</translation>
    </message>
    <message>
        <source>See the rules</source>
        <translation>Regeln ansehen</translation>
    </message>
    <message>
        <source>Load &amp;more</source>
        <translation>&amp;Mehr laden</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>&amp;Alarme</translation>
    </message>
    <message>
        <source>&amp;Rules</source>
        <translation>&amp;Regeln</translation>
    </message>
    <message>
        <source>&amp;Webhooks</source>
        <translation>&amp;Webhooks</translation>
    </message>
    <message>
        <source>The alerts could not be read: %1</source>
        <translation>Die Alarme konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No organization selected</source>
        <translation>Keine Organisation ausgewählt</translation>
    </message>
    <message>
        <source>%1 · subscription “%2”</source>
        <translation>%1 · Abonnement „%2“</translation>
    </message>
    <message>
        <source>%1 of %2 in use — %3</source>
        <translation>%1 von %2 belegt – %3</translation>
    </message>
    <message>
        <source>Calls are being blocked</source>
        <translation>Anrufe werden blockiert</translation>
    </message>
    <message>
        <source>Waiting for live numbers…</source>
        <translation>Warten auf Live-Zahlen…</translation>
    </message>
    <message>
        <source>%1 of %2 in use — calls were blocked in the last minutes</source>
        <translation>%1 von %2 belegt – in den letzten Minuten wurden Anrufe blockiert</translation>
    </message>
    <message>
        <source>No alert firing</source>
        <translation>Kein Alarm aktiv</translation>
    </message>
    <message>
        <source>1 alert firing</source>
        <translation>1 Alarm aktiv</translation>
    </message>
    <message>
        <source>%1 alerts firing</source>
        <translation>%1 Alarme aktiv</translation>
    </message>
    <message>
        <source>No alerts match</source>
        <translation>Keine passenden Alarme</translation>
    </message>
    <message>
        <source>None of this subscription&apos;s alerts of the last 90 days matches the filter above. Choose “Firing and resolved” and “Every kind” to see them all.</source>
        <translation>Keiner der Alarme dieses Abonnements aus den letzten 90 Tagen passt zum Filter oben. Wählen Sie „Aktiv und behoben“ und „Alle Arten“, um alle zu sehen.</translation>
    </message>
    <message>
        <source>No alerts yet</source>
        <translation>Noch keine Alarme</translation>
    </message>
    <message>
        <source>Alerts appear here, newest first, when use stays near the limit, when calls are blocked because every line is busy, when a renewal is at risk and when the subscription is frozen — as the rules allow. Each one also shows as a notification, and resolves by itself when the condition ends. Resolved alerts are kept for 90 days.</source>
        <translation>Alarme erscheinen hier, neueste zuerst, wenn die Nutzung nahe am Limit bleibt, wenn Anrufe blockiert werden, weil alle Leitungen belegt sind, wenn eine Verlängerung gefährdet ist und wenn das Abonnement eingefroren wird – soweit die Regeln es vorsehen. Jeder erscheint auch als Benachrichtigung und wird von selbst behoben, wenn die Bedingung endet. Behobene Alarme werden 90 Tage aufbewahrt.</translation>
    </message>
    <message>
        <source>Reading the alerts…</source>
        <translation>Alarme werden gelesen…</translation>
    </message>
    <message>
        <source>The %1 newest shown; older ones below.</source>
        <translation>Die %1 neuesten werden angezeigt; ältere darunter.</translation>
    </message>
    <message>
        <source>1 alert</source>
        <translation>1 Alarm</translation>
    </message>
    <message>
        <source>%1 alerts</source>
        <translation>%1 Alarme</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::BillingPage</name>
    <message>
        <source>Pay as you go</source>
        <translation>Pay as you go</translation>
    </message>
    <message>
        <source>Startup</source>
        <translation>Startup</translation>
    </message>
    <message>
        <source>Growth</source>
        <translation>Growth</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Abrechnung</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Current period</source>
        <translation>Aktueller Zeitraum</translation>
    </message>
    <message>
        <source>Monthly charge</source>
        <translation>Monatliche Gebühr</translation>
    </message>
    <message>
        <source>How your bill is made</source>
        <translation>So setzt sich Ihre Rechnung zusammen</translation>
    </message>
    <message>
        <source>Manage concurrency lines…</source>
        <translation>Concurrency-Leitungen verwalten…</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <source>&amp;Add-ons</source>
        <translation>&amp;Zusatzoptionen</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>No organization selected</source>
        <translation>Keine Organisation ausgewählt</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 · subscription “%2”</source>
        <translation>%1 · Abonnement „%2“</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Next renewal %1</source>
        <translation>Nächste Verlängerung %1</translation>
    </message>
    <message>
        <source>%1 purchased × %2</source>
        <translation>%1 gekauft × %2</translation>
    </message>
    <message>
        <source>Not current: last read at %1. Reconnecting to the service…</source>
        <translation>Nicht aktuell: zuletzt gelesen um %1. Verbindung zum Dienst wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>See concurrency lines…</source>
        <translation>Concurrency-Leitungen ansehen…</translation>
    </message>
    <message>
        <source>● Frozen</source>
        <translation>● Eingefroren</translation>
    </message>
    <message>
        <source>● Active</source>
        <translation>● Aktiv</translation>
    </message>
    <message>
        <source>&lt;p&gt;Your plan includes &lt;b&gt;%1 concurrency lines&lt;/b&gt;: up to %1 calls can run at the same time, inbound, outbound and web calls together. You have bought &lt;b&gt;%2 more&lt;/b&gt;, so the limit is &lt;b&gt;%3 concurrent calls&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ihr Tarif enthält &lt;b&gt;%1 Concurrency-Leitungen&lt;/b&gt;: Bis zu %1 Anrufe können gleichzeitig laufen, eingehende, ausgehende und Web-Anrufe zusammen. Sie haben &lt;b&gt;%2 weitere&lt;/b&gt; gekauft, daher liegt das Limit bei &lt;b&gt;%3 gleichzeitigen Anrufen&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;The %n organizations on this subscription share these lines: a change applies to all of them.&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;%n Organisation nutzt die Leitungen dieses Abonnements: Eine Änderung gilt für sie.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;Die %n Organisationen dieses Abonnements teilen sich diese Leitungen: Eine Änderung gilt für alle.&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Each purchased line costs %1 per month. Lines bought during a period are charged now, prorated to its end (%2); at each renewal the credits are charged %1 × purchased lines — %3 at the next renewal. Removing lines refunds the unused part of the period.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Jede gekaufte Leitung kostet %1 pro Monat. Im laufenden Zeitraum gekaufte Leitungen werden sofort anteilig bis zu seinem Ende (%2) belastet; bei jeder Verlängerung wird das Guthaben mit %1 × gekaufte Leitungen belastet – %3 bei der nächsten Verlängerung. Wenn Sie Leitungen entfernen, wird der ungenutzte Teil des Zeitraums erstattet.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;This subscription is frozen&lt;/b&gt;: its credits could not cover the last renewal. Add credits to reactivate it before changing lines.</source>
        <translation>&lt;b&gt;Dieses Abonnement ist eingefroren&lt;/b&gt;: Sein Guthaben reichte nicht für die letzte Verlängerung. Laden Sie Guthaben auf, um es zu reaktivieren, bevor Sie Leitungen ändern.</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::CapacityPlanChart</name>
    <message>
        <source>Calls blocked in the replay (left)</source>
        <translation>Blockierte Anrufe in der Wiedergabe (links)</translation>
    </message>
    <message>
        <source>Erlang B at the busiest hour (right)</source>
        <translation>Erlang B in der verkehrsreichsten Stunde (rechts)</translation>
    </message>
    <message>
        <source>Target: %1</source>
        <translation>Ziel: %1</translation>
    </message>
    <message>
        <source>Blocked calls against total lines</source>
        <translation>Blockierte Anrufe je Gesamtzahl an Leitungen</translation>
    </message>
    <message>
        <source>%1: %2 blocked in the replay, %3 by Erlang B</source>
        <translation>%1: %2 blockiert in der Wiedergabe, %3 nach Erlang B</translation>
    </message>
    <message>
        <source>Now and recommended: %1</source>
        <translation>Jetzt und empfohlen: %1</translation>
    </message>
    <message>
        <source>Now: %1</source>
        <translation>Jetzt: %1</translation>
    </message>
    <message>
        <source>Recommended: %1</source>
        <translation>Empfohlen: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2 purchased, %3 per month)&lt;br&gt;Blocked in the replay: %4&lt;br&gt;Erlang B at the busiest hour: %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2 gekauft, %3 pro Monat)&lt;br&gt;Blockiert in der Wiedergabe: %4&lt;br&gt;Erlang B in der verkehrsreichsten Stunde: %5</translation>
    </message>
    <message>
        <source>Calls blocked (replay)</source>
        <translation>Blockierte Anrufe (Wiedergabe)</translation>
    </message>
    <message>
        <source>Erlang B (log scale)</source>
        <translation>Erlang B (logarithmisch)</translation>
    </message>
    <message>
        <source>Total lines</source>
        <translation>Leitungen gesamt</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::CapacityPlanView</name>
    <message>
        <source>WINDOW</source>
        <translation>ZEITRAUM</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>Plan from the last 24 hours</source>
        <translation>Plan aus den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 T</translation>
    </message>
    <message>
        <source>Plan from the last 7 days</source>
        <translation>Plan aus den letzten 7 Tagen</translation>
    </message>
    <message>
        <source>30 d</source>
        <translation>30 T</translation>
    </message>
    <message>
        <source>Plan from the last 30 days</source>
        <translation>Plan aus den letzten 30 Tagen</translation>
    </message>
    <message>
        <source>Aim for at most %1 of calls blocked at the busiest hour</source>
        <translation>Ziel: höchstens %1 blockierte Anrufe in der verkehrsreichsten Stunde</translation>
    </message>
    <message>
        <source>TARGET, BLOCKED AT MOST</source>
        <translation>ZIEL, HÖCHSTENS BLOCKIERT</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Sets the lines you want in total to the recommendation; you review the purchase before anything is bought</source>
        <translation>Setzt die gewünschte Gesamtzahl an Leitungen auf die Empfehlung; Sie prüfen den Kauf, bevor etwas gekauft wird</translation>
    </message>
    <message>
        <source>Blocked calls and monthly charge for each total of lines</source>
        <translation>Blockierte Anrufe und monatliche Gebühr je Gesamtzahl an Leitungen</translation>
    </message>
    <message>
        <source>Use the recommendation</source>
        <translation>Empfehlung übernehmen</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>%1 übernehmen</translation>
    </message>
    <message>
        <source>Use %1 as the total</source>
        <translation>%1 als Gesamtzahl übernehmen</translation>
    </message>
    <message>
        <source>You have %1 now.</source>
        <translation>Sie haben jetzt %1.</translation>
    </message>
    <message>
        <source>Sets the lines you want in total to %1; you review the purchase before anything is bought</source>
        <translation>Setzt die gewünschte Gesamtzahl an Leitungen auf %1; Sie prüfen den Kauf, bevor etwas gekauft wird</translation>
    </message>
    <message>
        <source>Working out what more lines would have done…</source>
        <translation>Es wird berechnet, was mehr Leitungen bewirkt hätten…</translation>
    </message>
    <message>
        <source>No plan asked for yet.</source>
        <translation>Noch kein Plan angefordert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No plan.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Kein Plan.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): %3, %4 with your %5.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2): %3, %4 mit Ihren %5.</translation>
    </message>
    <message>
        <source>none blocked</source>
        <translation>keiner blockiert</translation>
    </message>
    <message>
        <source>%1 blocked</source>
        <translation>%1 blockiert</translation>
    </message>
    <message>
        <source>&lt;b&gt;Busiest hour&lt;/b&gt; %1: %2 (%3 blocked), mean call %4, so %5 Erlangs offered (calls × mean length ÷ the hour).</source>
        <translation>&lt;b&gt;Verkehrsreichste Stunde&lt;/b&gt; %1: %2 (%3 blockiert), mittlere Anrufdauer %4, also ein Angebot von %5 Erlang (Anrufe × mittlere Dauer ÷ Stunde).</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::ConcurrencyChart</name>
    <message>
        <source>Active calls</source>
        <translation>Aktive Anrufe</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>Inklusive</translation>
    </message>
    <message>
        <source>Blocked calls</source>
        <translation>Blockierte Anrufe</translation>
    </message>
    <message>
        <source>Lines bought/removed</source>
        <translation>Leitungen gekauft/entfernt</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Anrufe</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1
%2 active of %3 lines
%4 blocked</source>
        <translation>%1
%2 aktiv von %3 Leitungen
%4 blockiert</translation>
    </message>
    <message>
        <source>MMM d, HH:mm</source>
        <extracomment>QDateTime format of a chart column&apos;s time: month, day, hour</extracomment>
        <translation>d. MMM, HH:mm</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::ConfirmLineChangeDialog</name>
    <message>
        <source>Buy %1 · charge %2</source>
        <translation>%1 kaufen · Belastung %2</translation>
    </message>
    <message>
        <source>Remove %1 · refund %2</source>
        <translation>%1 entfernen · Erstattung %2</translation>
    </message>
    <message>
        <source>Confirm purchase</source>
        <translation>Kauf bestätigen</translation>
    </message>
    <message>
        <source>Confirm removal</source>
        <translation>Entfernen bestätigen</translation>
    </message>
    <message>
        <source>New limit</source>
        <translation>Neues Limit</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 Anrufe</translation>
    </message>
    <message>
        <source>%1 included + %2 purchased, was %3. Available immediately.</source>
        <translation>%1 inklusive + %2 gekauft, vorher %3. Sofort verfügbar.</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Charged now</source>
        <translation>Jetzt belastet</translation>
    </message>
    <message>
        <source>From credits, prorated for %1.</source>
        <translation>Vom Guthaben, anteilig für %1.</translation>
    </message>
    <message>
        <source>Refunded now</source>
        <translation>Jetzt erstattet</translation>
    </message>
    <message>
        <source>To credits, for the unused part of %1.</source>
        <translation>Auf das Guthaben, für den ungenutzten Teil von %1.</translation>
    </message>
    <message>
        <source>Monthly charge</source>
        <translation>Monatliche Gebühr</translation>
    </message>
    <message>
        <source>From %1 (now %2): %3 × %4.</source>
        <translation>Ab %1 (jetzt %2): %3 × %4.</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Balance after this change (now %1).</source>
        <translation>Guthaben nach dieser Änderung (jetzt %1).</translation>
    </message>
    <message numerus="yes">
        <source>For the subscription “%1”, whose lines %n organizations share: all of them get the new limit. This takes effect as soon as you confirm.</source>
        <translation>
            <numerusform>Für das Abonnement „%1“, dessen Leitungen %n Organisation nutzt: Sie erhält das neue Limit. Die Änderung gilt, sobald Sie bestätigen.</numerusform>
            <numerusform>Für das Abonnement „%1“, dessen Leitungen sich %n Organisationen teilen: Alle erhalten das neue Limit. Die Änderung gilt, sobald Sie bestätigen.</numerusform>
        </translation>
    </message>
    <message>
        <source>For the subscription “%1”. This takes effect as soon as you confirm.</source>
        <translation>Für das Abonnement „%1“. Die Änderung gilt, sobald Sie bestätigen.</translation>
    </message>
    <message numerus="yes">
        <source>Buy %n concurrency line(s)?</source>
        <translation>
            <numerusform>%n Concurrency-Leitung kaufen?</numerusform>
            <numerusform>%n Concurrency-Leitungen kaufen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n concurrency line(s)?</source>
        <translation>
            <numerusform>%n Concurrency-Leitung entfernen?</numerusform>
            <numerusform>%n Concurrency-Leitungen entfernen?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::ConnectionBanner</name>
    <message>
        <source>Reconnect &amp;now</source>
        <translation>&amp;Jetzt neu verbinden</translation>
    </message>
    <message>
        <source>&lt;b&gt;The built-in service could not start.&lt;/b&gt; %1 Open Settings to connect to a Linedesk server instead.</source>
        <translation>&lt;b&gt;Der eingebaute Dienst konnte nicht starten.&lt;/b&gt; %1 Öffnen Sie die Einstellungen, um sich stattdessen mit einem Linedesk-Server zu verbinden.</translation>
    </message>
    <message>
        <source>Starting the built-in Linedesk service with demo data…</source>
        <translation>Der eingebaute Linedesk-Dienst mit Demodaten wird gestartet…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connection to the service lost.&lt;/b&gt; %1 %2</source>
        <translation>&lt;b&gt;Verbindung zum Dienst verloren.&lt;/b&gt; %1 %2</translation>
    </message>
    <message numerus="yes">
        <source>Trying again in %n s.</source>
        <translation>
            <numerusform>Neuer Versuch in %n s.</numerusform>
            <numerusform>Neuer Versuch in %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Trying again…</source>
        <translation>Neuer Versuch…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not sign in.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Anmeldung fehlgeschlagen.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung…</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::EndCallDialog</name>
    <message>
        <source>End call</source>
        <translation>Anruf beenden</translation>
    </message>
    <message>
        <source>End this call and free its line?</source>
        <translation>Diesen Anruf beenden und seine Leitung freigeben?</translation>
    </message>
    <message>
        <source>The call is ended at once for every organization on the subscription. Your reason is kept in the audit trail with your name.</source>
        <translation>Der Anruf wird sofort für alle Organisationen des Abonnements beendet. Ihr Grund wird mit Ihrem Namen im Änderungsprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>&amp;Reason (required)</source>
        <translation>&amp;Grund (erforderlich)</translation>
    </message>
    <message>
        <source>e.g. Stuck after a carrier outage, ticket #4812</source>
        <translation>z. B. Hängt nach Störung beim Carrier, Ticket #4812</translation>
    </message>
    <message>
        <source>Give a reason first</source>
        <translation>Geben Sie zuerst einen Grund an</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::HistoryView</name>
    <message>
        <source>Line changes</source>
        <translation>Leitungsänderungen</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Änderungsprotokoll</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::LinesCard</name>
    <message>
        <source>Reserved concurrency (call lines)</source>
        <translation>Reservierte Concurrency (Anrufleitungen)</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>Inklusive</translation>
    </message>
    <message>
        <source>Purchased</source>
        <translation>Gekauft</translation>
    </message>
    <message>
        <source>Concurrent calls</source>
        <translation>Gleichzeitige Anrufe</translation>
    </message>
    <message>
        <source>Active calls now</source>
        <translation>Jetzt aktive Anrufe</translation>
    </message>
    <message>
        <source>&amp;Lines you want in total</source>
        <translation>&amp;Gewünschte Leitungen insgesamt</translation>
    </message>
    <message>
        <source>One line fewer (Down arrow in the box)</source>
        <translation>Eine Leitung weniger (Pfeil nach unten im Feld)</translation>
    </message>
    <message>
        <source>One line fewer</source>
        <translation>Eine Leitung weniger</translation>
    </message>
    <message>
        <source>One line more (Up arrow in the box)</source>
        <translation>Eine Leitung mehr (Pfeil nach oben im Feld)</translation>
    </message>
    <message>
        <source>One line more</source>
        <translation>Eine Leitung mehr</translation>
    </message>
    <message>
        <source>Total concurrency lines</source>
        <translation>Concurrency-Leitungen gesamt</translation>
    </message>
    <message>
        <source>What this total would have meant</source>
        <translation>Was diese Gesamtzahl bedeutet hätte</translation>
    </message>
    <message>
        <source>Replay: your own calls played again against this many lines. Erlang B: the share of calls blocked at your busiest hour if calls came at random and blocked callers did not try again.</source>
        <translation>Wiedergabe: Ihre eigenen Anrufe, erneut abgespielt gegen so viele Leitungen. Erlang B: der Anteil blockierter Anrufe in Ihrer verkehrsreichsten Stunde, wenn Anrufe zufällig kämen und blockierte Anrufer es nicht erneut versuchten.</translation>
    </message>
    <message>
        <source>Try a&amp;gain</source>
        <translation>Er&amp;neut versuchen</translation>
    </message>
    <message>
        <source>&amp;Plan…</source>
        <translation>&amp;Planen…</translation>
    </message>
    <message>
        <source>Plan lines from your calls</source>
        <translation>Leitungen anhand Ihrer Anrufe planen</translation>
    </message>
    <message>
        <source>Blocked calls against total lines, each total&apos;s monthly charge and a recommendation</source>
        <translation>Blockierte Anrufe je Gesamtzahl an Leitungen, die monatliche Gebühr jeder Gesamtzahl und eine Empfehlung</translation>
    </message>
    <message>
        <source>Charged now</source>
        <translation>Jetzt belastet</translation>
    </message>
    <message>
        <source>Immediately</source>
        <translation>Sofort</translation>
    </message>
    <message>
        <source>New monthly charge</source>
        <translation>Neue monatliche Gebühr</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>as soon as you confirm; no restart, no waiting for renewal</source>
        <translation>sobald Sie bestätigen; kein Neustart, kein Warten auf die Verlängerung</translation>
    </message>
    <message>
        <source>&amp;Undo changes</source>
        <translation>Änderungen &amp;zurücknehmen</translation>
    </message>
    <message>
        <source>Review purchase…</source>
        <translation>Kauf prüfen…</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>No quote: %1</source>
        <translation>Kein Angebot: %1</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Loading the subscription…</source>
        <translation>Abonnement wird geladen…</translation>
    </message>
    <message>
        <source>Each line lets one more call run at the same time · %1 per line per month, prorated to %2 when bought now.</source>
        <translation>Jede Leitung lässt einen weiteren Anruf gleichzeitig laufen · %1 pro Leitung und Monat, bei Kauf jetzt anteilig bis %2.</translation>
    </message>
    <message>
        <source>Working out what more lines would have done…</source>
        <translation>Es wird berechnet, was mehr Leitungen bewirkt hätten…</translation>
    </message>
    <message>
        <source>No plan from your calls: %1</source>
        <translation>Kein Plan aus Ihren Anrufen: %1</translation>
    </message>
    <message>
        <source>Plan lines · %1</source>
        <translation>Leitungen planen · %1</translation>
    </message>
    <message>
        <source>What more lines would have done</source>
        <translation>Was mehr Leitungen bewirkt hätten</translation>
    </message>
    <message>
        <source>%1 included + %2 purchased · no change</source>
        <translation>%1 inklusive + %2 gekauft · keine Änderung</translation>
    </message>
    <message>
        <source>Getting a quote from the service…</source>
        <translation>Angebot wird beim Dienst angefragt…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Buying and removing lines is off for you.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Leitungen kaufen und entfernen ist für Sie nicht möglich.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Buying…</source>
        <translation>Wird gekauft…</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>Wird entfernt…</translation>
    </message>
    <message>
        <source>Remove %1…</source>
        <translation>%1 entfernen…</translation>
    </message>
    <message>
        <source>Buy %1…</source>
        <translation>%1 kaufen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Done: %1 concurrent calls available now.&lt;/b&gt; Bought %2; charged %3 from credits.</source>
        <translation>&lt;b&gt;Fertig: Jetzt sind %1 gleichzeitige Anrufe möglich.&lt;/b&gt; %2 gekauft; %3 vom Guthaben abgebucht.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Done: %1 concurrent calls now.&lt;/b&gt; Removed %2; refunded %3 to credits.</source>
        <translation>&lt;b&gt;Fertig: Jetzt sind %1 gleichzeitige Anrufe möglich.&lt;/b&gt; %2 entfernt; %3 dem Guthaben erstattet.</translation>
    </message>
    <message>
        <source> (The service had already made this change; nothing was charged twice.)</source>
        <translation> (Der Dienst hatte diese Änderung bereits vorgenommen; nichts wurde doppelt berechnet.)</translation>
    </message>
    <message>
        <source>The service did not answer</source>
        <translation>Der Dienst hat nicht geantwortet</translation>
    </message>
    <message>
        <source>Not enough credits</source>
        <translation>Nicht genug Guthaben</translation>
    </message>
    <message>
        <source>The subscription is frozen</source>
        <translation>Das Abonnement ist eingefroren</translation>
    </message>
    <message>
        <source>Over the self-serve line limit</source>
        <translation>Über der Self-Service-Obergrenze für Leitungen</translation>
    </message>
    <message>
        <source>Not that many purchased lines</source>
        <translation>Nicht so viele gekaufte Leitungen</translation>
    </message>
    <message>
        <source>The lines were changed by someone else meanwhile</source>
        <translation>Die Leitungen wurden inzwischen von jemand anderem geändert</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <source>This request was already used for a different change</source>
        <translation>Diese Anfrage wurde bereits für eine andere Änderung verwendet</translation>
    </message>
    <message>
        <source>The change was not made</source>
        <translation>Die Änderung wurde nicht vorgenommen</translation>
    </message>
    <message>
        <source>&lt;br&gt;It is not known whether the change was made. &lt;b&gt;Try again&lt;/b&gt; sends the very same request: if the first one arrived, nothing is charged twice.</source>
        <translation>&lt;br&gt;Ob die Änderung vorgenommen wurde, ist nicht bekannt. &lt;b&gt;Erneut versuchen&lt;/b&gt; sendet genau dieselbe Anfrage: Falls die erste angekommen ist, wird nichts doppelt berechnet.</translation>
    </message>
    <message>
        <source>Nothing was charged. Reload to see the current lines, then review the change again.</source>
        <translation>Es wurde nichts berechnet. Laden Sie neu, um die aktuellen Leitungen zu sehen, und prüfen Sie die Änderung dann erneut.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Nothing was charged.</source>
        <translation>&lt;br&gt;Es wurde nichts berechnet.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased line(s) (was %1), so it already has the %2 lines you asked for in total. Nothing was bought or charged.</source>
        <translation>
            <numerusform>&lt;b&gt;Dieses Abonnement wurde geändert, während Sie bestätigt haben&lt;/b&gt;: Es hat jetzt %n gekaufte Leitung (vorher %1) und damit bereits die gewünschten %2 Leitungen insgesamt. Es wurde nichts gekauft oder belastet.</numerusform>
            <numerusform>&lt;b&gt;Dieses Abonnement wurde geändert, während Sie bestätigt haben&lt;/b&gt;: Es hat jetzt %n gekaufte Leitungen (vorher %1) und damit bereits die gewünschten %2 Leitungen insgesamt. Es wurde nichts gekauft oder belastet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This subscription changed while you were confirming: it now has %n purchased line(s) (was %1). Nothing was charged. Here is the new quote for %2 lines in total.</source>
        <translation>
            <numerusform>Dieses Abonnement wurde geändert, während Sie bestätigt haben: Es hat jetzt %n gekaufte Leitung (vorher %1). Es wurde nichts belastet. Hier ist das neue Angebot für insgesamt %2 Leitungen.</numerusform>
            <numerusform>Dieses Abonnement wurde geändert, während Sie bestätigt haben: Es hat jetzt %n gekaufte Leitungen (vorher %1). Es wurde nichts belastet. Hier ist das neue Angebot für insgesamt %2 Leitungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased line(s) (was %1). Nothing was charged; getting a new quote for %2 lines in total…</source>
        <translation>
            <numerusform>&lt;b&gt;Dieses Abonnement wurde geändert, während Sie bestätigt haben&lt;/b&gt;: Es hat jetzt %n gekaufte Leitung (vorher %1). Es wurde nichts belastet; ein neues Angebot für insgesamt %2 Leitungen wird eingeholt…</numerusform>
            <numerusform>&lt;b&gt;Dieses Abonnement wurde geändert, während Sie bestätigt haben&lt;/b&gt;: Es hat jetzt %n gekaufte Leitungen (vorher %1). Es wurde nichts belastet; ein neues Angebot für insgesamt %2 Leitungen wird eingeholt…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 included + %2 purchased · buy %n line(s)</source>
        <translation>
            <numerusform>%1 inklusive + %2 gekauft · %n Leitung kaufen</numerusform>
            <numerusform>%1 inklusive + %2 gekauft · %n Leitungen kaufen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 included + %2 purchased · remove %n line(s)</source>
        <translation>
            <numerusform>%1 inklusive + %2 gekauft · %n Leitung entfernen</numerusform>
            <numerusform>%1 inklusive + %2 gekauft · %n Leitungen entfernen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::LivePage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Active calls against the limit in force at each moment. Calls beyond the limit are blocked.</source>
        <translation>Aktive Anrufe gegenüber dem jeweils geltenden Limit. Anrufe über dem Limit werden blockiert.</translation>
    </message>
    <message>
        <source>Demo traffic</source>
        <translation>Demo-Verkehr</translation>
    </message>
    <message>
        <source>The built-in service places simulated calls so the graph has something to show. Switch off to see only real calls.</source>
        <translation>Der eingebaute Dienst erzeugt simulierte Anrufe, damit die Grafik etwas zeigt. Schalten Sie ihn ab, um nur echte Anrufe zu sehen.</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 T</translation>
    </message>
    <message>
        <source>30 d</source>
        <translation>30 T</translation>
    </message>
    <message>
        <source>Show the last %1</source>
        <translation>Die letzten %1 anzeigen</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>Zurück zu live</translation>
    </message>
    <message>
        <source>Follow the newest calls again (End)</source>
        <translation>Wieder den neuesten Anrufen folgen (Ende)</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Peak active calls</source>
        <translation>Höchstzahl aktiver Anrufe</translation>
    </message>
    <message>
        <source>Average active calls</source>
        <translation>Durchschnitt aktiver Anrufe</translation>
    </message>
    <message>
        <source>Time at the limit</source>
        <translation>Zeit am Limit</translation>
    </message>
    <message>
        <source>Blocked calls</source>
        <translation>Blockierte Anrufe</translation>
    </message>
    <message>
        <source>The history for this window could not be read: %1</source>
        <translation>Der Verlauf für diesen Zeitraum konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>● LIVE</source>
        <translation>● LIVE</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>○ FEED LOST</source>
        <translation>○ FEED VERLOREN</translation>
    </message>
    <message>
        <source>The live feed is lost; reconnecting. The graph stops at %1 and the numbers are not current.</source>
        <translation>Der Live-Feed ist unterbrochen; die Verbindung wird wiederhergestellt. Die Grafik endet um %1, und die Zahlen sind nicht aktuell.</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>— active</source>
        <translation>— aktiv</translation>
    </message>
    <message>
        <source>%1 of %2 lines in use</source>
        <translation>%1 von %2 Leitungen belegt</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1 · %2 active · limit %3 · %4 blocked</source>
        <translation>%1 · %2 aktiv · Limit %3 · %4 blockiert</translation>
    </message>
    <message>
        <source>Point at the graph for details · wheel or +/− zooms · drag or ←/→ pans · End returns to live</source>
        <translation>Auf die Grafik zeigen für Details · Mausrad oder +/− zoomt · Ziehen oder ←/→ verschiebt · Ende kehrt zu live zurück</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>No subscription chosen</source>
        <translation>Kein Abonnement gewählt</translation>
    </message>
    <message>
        <source>Open a subscription in Subscriptions and choose “Open Billing view” to follow its calls here.</source>
        <translation>Öffnen Sie ein Abonnement unter „Abonnements“ und wählen Sie „Abrechnungsansicht öffnen“, um seine Anrufe hier zu verfolgen.</translation>
    </message>
    <message>
        <source>This organization has no subscription to follow.</source>
        <translation>Diese Organisation hat kein Abonnement, dem Sie folgen können.</translation>
    </message>
    <message>
        <source>Time with every line in use, from the live feed and the service&apos;s history per second (per minute where it is older than two days).</source>
        <translation>Zeit, in der alle Leitungen belegt waren, aus dem Live-Feed und dem sekundengenauen Verlauf des Dienstes (minutengenau, wo er älter als zwei Tage ist).</translation>
    </message>
    <message>
        <source>Still reading the seconds of the busiest hours; the figure grows until they are in.</source>
        <translation>Die Sekunden der verkehrsreichsten Stunden werden noch gelesen; die Zahl wächst, bis alle da sind.</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::MainWindow</name>
    <message>
        <source>Linedesk</source>
        <translation>Linedesk</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Abrechnung</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>Welcome to Linedesk</source>
        <translation>Willkommen bei Linedesk</translation>
    </message>
    <message>
        <source>Alerts: %1 firing (Ctrl+%2)</source>
        <translation>Alarme: %1 aktiv (Strg+%2)</translation>
    </message>
    <message>
        <source>Alerts (Ctrl+%1)</source>
        <translation>Alarme (Strg+%1)</translation>
    </message>
    <message>
        <source>Built-in demo service</source>
        <translation>Eingebauter Demodienst</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Server %1</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>You are signed out. The built-in demo service is running on this computer; choose a demo user, or connect to a Linedesk server in Settings.</source>
        <translation>Sie sind abgemeldet. Der eingebaute Demodienst läuft auf diesem Computer; wählen Sie einen Demo-Benutzer oder verbinden Sie sich in den Einstellungen mit einem Linedesk-Server.</translation>
    </message>
    <message>
        <source>Sign in as %1 (%2)</source>
        <translation>Als %1 anmelden (%2)</translation>
    </message>
    <message>
        <source>Signing in failed: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>You are signed out. Connect to a Linedesk server in Settings.</source>
        <translation>Sie sind abgemeldet. Verbinden Sie sich in den Einstellungen mit einem Linedesk-Server.</translation>
    </message>
    <message>
        <source>Connection &amp;settings…</source>
        <translation>Verbindungs&amp;einstellungen…</translation>
    </message>
    <message>
        <source>%1 — Linedesk</source>
        <translation>%1 – Linedesk</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::OrgButton</name>
    <message>
        <source>Organization menu</source>
        <translation>Organisationsmenü</translation>
    </message>
    <message>
        <source>Organization, Billing, Settings, sign out (Ctrl+Shift+O)</source>
        <translation>Organisation, Abrechnung, Einstellungen, Abmelden (Strg+Umschalt+O)</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung…</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>No organization</source>
        <translation>Keine Organisation</translation>
    </message>
    <message>
        <source>Switch organization</source>
        <translation>Organisation wechseln</translation>
    </message>
    <message>
        <source>&amp;Billing</source>
        <translation>&amp;Abrechnung</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Demo sign-ins</source>
        <translation>Demo-Anmeldungen</translation>
    </message>
    <message>
        <source>Switch to demo support user (%1)</source>
        <translation>Zum Demo-Support-Benutzer wechseln (%1)</translation>
    </message>
    <message>
        <source>Switch to demo viewer (%1)</source>
        <translation>Zum Demo-Betrachter wechseln (%1)</translation>
    </message>
    <message>
        <source>Switch to demo admin (%1)</source>
        <translation>Zum Demo-Admin wechseln (%1)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1  (%2)</source>
        <translation>%1  (%2)</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::OverviewPage</name>
    <message>
        <source>Concurrency limit</source>
        <translation>Concurrency-Limit</translation>
    </message>
    <message>
        <source>Active calls now</source>
        <translation>Jetzt aktive Anrufe</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Monthly charge</source>
        <translation>Monatliche Gebühr</translation>
    </message>
    <message>
        <source>Manage concurrency lines…</source>
        <translation>Concurrency-Leitungen verwalten…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Signed in as %1 · %2</source>
        <translation>Angemeldet als %1 · %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 included + %2 purchased</source>
        <translation>%1 inklusive + %2 gekauft</translation>
    </message>
    <message>
        <source>%1 free of %2 · live</source>
        <translation>%1 von %2 frei · live</translation>
    </message>
    <message>
        <source>%1 free of %2</source>
        <translation>%1 von %2 frei</translation>
    </message>
    <message>
        <source>unknown while disconnected</source>
        <translation>unbekannt, solange nicht verbunden</translation>
    </message>
    <message>
        <source>Frozen: add credits to reactivate</source>
        <translation>Eingefroren: Laden Sie Guthaben auf, um zu reaktivieren</translation>
    </message>
    <message>
        <source>Next renewal %1: %2</source>
        <translation>Nächste Verlängerung %1: %2</translation>
    </message>
    <message>
        <source>%1 purchased × %2 · %3 plan</source>
        <translation>%1 gekauft × %2 · Tarif %3</translation>
    </message>
    <message>
        <source>Not current: last read at %1. Reconnecting to the service…</source>
        <translation>Nicht aktuell: zuletzt gelesen um %1. Verbindung zum Dienst wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>See concurrency lines…</source>
        <translation>Concurrency-Leitungen ansehen…</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Built-in demo service on this computer</source>
        <translation>&amp;Eingebauter Demodienst auf diesem Computer</translation>
    </message>
    <message>
        <source>Runs the Linedesk service inside the console on 127.0.0.1, with its database and demo data in %1.</source>
        <translation>Startet den Linedesk-Dienst in der Konsole auf 127.0.0.1, mit seiner Datenbank und den Demodaten in %1.</translation>
    </message>
    <message>
        <source>A &amp;Linedesk server</source>
        <translation>Ein &amp;Linedesk-Server</translation>
    </message>
    <message>
        <source>API token (leave empty to keep the stored one)</source>
        <translation>API-Token (leer lassen, um das gespeicherte zu behalten)</translation>
    </message>
    <message>
        <source>Server &amp;URL</source>
        <translation>Server-&amp;URL</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Token</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Systemstandard (%1)</translation>
    </message>
    <message>
        <source>&amp;Show Linedesk in</source>
        <translation>Linedesk &amp;anzeigen in</translation>
    </message>
    <message>
        <source>A new language takes effect when Linedesk starts again.</source>
        <translation>Eine neue Sprache wird beim nächsten Start von Linedesk wirksam.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. https://linedesk.example.com:8080.</source>
        <translation>Geben Sie die Adresse des Servers ein, z. B. https://linedesk.example.com:8080.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionAuditTab</name>
    <message>
        <source>Export audit &amp;CSV…</source>
        <translation>Protokoll als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Export audit trail</source>
        <translation>Änderungsprotokoll exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Wrote %1 to %2.</source>
        <translation>%1 nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>1 audit entry</source>
        <translation>1 Protokolleintrag</translation>
    </message>
    <message>
        <source>%1 audit entries</source>
        <translation>%1 Protokolleinträge</translation>
    </message>
    <message>
        <source>The audit trail was not exported: %1</source>
        <translation>Das Änderungsprotokoll wurde nicht exportiert: %1</translation>
    </message>
    <message>
        <source>Every change of money or lines, every call support ended or renamed, and every call whose data was deleted, newest first.</source>
        <translation>Jede Änderung an Guthaben oder Leitungen, jeder vom Support beendete oder umbenannte Anruf und jeder Anruf, dessen Daten gelöscht wurden, neueste zuerst.</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionCallsTab</name>
    <message>
        <source>&amp;End call…</source>
        <translation>Anruf &amp;beenden…</translation>
    </message>
    <message>
        <source>End the selected call and free its line (a reason is required)</source>
        <translation>Den ausgewählten Anruf beenden und seine Leitung freigeben (ein Grund ist erforderlich)</translation>
    </message>
    <message>
        <source>Active calls</source>
        <translation>Aktive Anrufe</translation>
    </message>
    <message>
        <source>Reading the calls…</source>
        <translation>Anrufe werden gelesen…</translation>
    </message>
    <message>
        <source>No call holds a line now.</source>
        <translation>Kein Anruf belegt gerade eine Leitung.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; call of &lt;b&gt;%2&lt;/b&gt;, started %3 (%4 ago), last heartbeat %5.&lt;br&gt;&lt;small&gt;Call id %6&lt;/small&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; Anruf von &lt;b&gt;%2&lt;/b&gt;, gestartet %3 (vor %4), letzter Heartbeat %5.&lt;br&gt;&lt;small&gt;Anruf-ID %6&lt;/small&gt;</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Ending call %1…</source>
        <translation>Anruf %1 wird beendet…</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) hold a line now. A call whose heartbeats stop is released when its lease (%1) runs out; End call… releases it at once.</source>
        <translation>
            <numerusform>%n Anruf belegt gerade eine Leitung. Ein Anruf, dessen Heartbeats ausbleiben, wird freigegeben, wenn sein Lease (%1) abläuft; „Anruf beenden…“ gibt ihn sofort frei.</numerusform>
            <numerusform>%n Anrufe belegen gerade eine Leitung. Ein Anruf, dessen Heartbeats ausbleiben, wird freigegeben, wenn sein Lease (%1) abläuft; „Anruf beenden…“ gibt ihn sofort frei.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionDetailView</name>
    <message>
        <source>Some details could not be read: %1</source>
        <translation>Einige Details konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Call %1 ended; its line is free. The reason is in the audit trail.</source>
        <translation>Anruf %1 beendet; seine Leitung ist frei. Der Grund steht im Änderungsprotokoll.</translation>
    </message>
    <message>
        <source>Call %1 was not ended: %2</source>
        <translation>Anruf %1 wurde nicht beendet: %2</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Zurück</translation>
    </message>
    <message>
        <source>Back to the list (Esc, Alt+Left)</source>
        <translation>Zurück zur Liste (Esc, Alt+Links)</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>ID kopieren</translation>
    </message>
    <message>
        <source>Open Billing view</source>
        <translation>Abrechnungsansicht öffnen</translation>
    </message>
    <message>
        <source>The customer&apos;s Billing page for this subscription, read-only</source>
        <translation>Die Abrechnungsseite des Kunden für dieses Abonnement, schreibgeschützt</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read everything again (F5)</source>
        <translation>Alles neu lesen (F5)</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Included lines</source>
        <translation>Inklusive Leitungen</translation>
    </message>
    <message>
        <source>Purchased lines</source>
        <translation>Gekaufte Leitungen</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Active now</source>
        <translation>Jetzt aktiv</translation>
    </message>
    <message>
        <source>Peak, 24 h</source>
        <translation>Spitze, 24 h</translation>
    </message>
    <message>
        <source>Blocked, 24 h</source>
        <translation>Blockiert, 24 h</translation>
    </message>
    <message>
        <source>Utilisation, 24 h</source>
        <translation>Auslastung, 24 h</translation>
    </message>
    <message>
        <source>24 h figures at</source>
        <translation>24-h-Zahlen von</translation>
    </message>
    <message>
        <source>Price per line</source>
        <translation>Preis pro Leitung</translation>
    </message>
    <message>
        <source>Organizations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <source>Current period</source>
        <translation>Aktueller Zeitraum</translation>
    </message>
    <message>
        <source>Monthly charge</source>
        <translation>Monatliche Gebühr</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <source>Active &amp;calls</source>
        <translation>&amp;Anrufe</translation>
    </message>
    <message>
        <source>&amp;Organizations and users</source>
        <translation>&amp;Organisationen</translation>
    </message>
    <message>
        <source>&amp;Line changes</source>
        <translation>&amp;Leitungsänderungen</translation>
    </message>
    <message>
        <source>A&amp;udit trail</source>
        <translation>Pro&amp;tokoll</translation>
    </message>
    <message>
        <source>&amp;Preview a purchase</source>
        <translation>Kauf&amp;vorschau</translation>
    </message>
    <message>
        <source>Capacity pla&amp;n</source>
        <translation>Kapazitäts&amp;plan</translation>
    </message>
    <message>
        <source>● LIVE</source>
        <translation>● LIVE</translation>
    </message>
    <message>
        <source>%1 of %2 lines in use</source>
        <translation>%1 von %2 Leitungen belegt</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>○ FEED LOST — reconnecting</source>
        <translation>○ FEED VERLOREN – Verbindung wird wiederhergestellt</translation>
    </message>
    <message>
        <source>Not following</source>
        <translation>Folgt nicht</translation>
    </message>
    <message>
        <source>— active</source>
        <translation>— aktiv</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>Eingefroren</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1 / month</source>
        <translation>%1 / Monat</translation>
    </message>
    <message>
        <source>%1 (%2 × %3)</source>
        <translation>%1 (%2 × %3)</translation>
    </message>
    <message>
        <source>As last read; the graph is live</source>
        <translation>Zuletzt gelesen; die Grafik ist live</translation>
    </message>
    <message>
        <source>Active &amp;calls (%1)</source>
        <translation>&amp;Anrufe (%1)</translation>
    </message>
    <message>
        <source>Copied the subscription id %1.</source>
        <translation>Abonnement-ID %1 kopiert.</translation>
    </message>
    <message>
        <source>Last 5 minutes: active calls (blue) against the limit (red); dashed: included lines</source>
        <translation>Letzte 5 Minuten: aktive Anrufe (blau) gegen das Limit (rot); gestrichelt: inklusive Leitungen</translation>
    </message>
    <message>
        <source>● Frozen</source>
        <translation>● Eingefroren</translation>
    </message>
    <message>
        <source>● Active</source>
        <translation>● Aktiv</translation>
    </message>
    <message numerus="yes">
        <source>Subscription id %1 · %n organization(s): %2</source>
        <translation>
            <numerusform>Abonnement-ID %1 · %n Organisation: %2</numerusform>
            <numerusform>Abonnement-ID %1 · %n Organisationen: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionMembersTab</name>
    <message>
        <source>Organization / user</source>
        <translation>Organisation / Benutzer</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>1 user</source>
        <translation>1 Benutzer</translation>
    </message>
    <message>
        <source>%1 users</source>
        <translation>%1 Benutzer</translation>
    </message>
    <message>
        <source>Organization %1, created %2</source>
        <translation>Organisation %1, angelegt %2</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Betrachter</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionPlanTab</name>
    <message>
        <source>What the customer sees under Billing → Add-ons → Plan…: their calls replayed against other totals of lines, and Erlang B for their busiest hour. Read-only: only the customer&apos;s admin buys lines.</source>
        <translation>Was der Kunde unter Abrechnung → Zusatzoptionen → Planen… sieht: seine Anrufe, erneut abgespielt gegen andere Gesamtzahlen an Leitungen, und Erlang B für seine verkehrsreichste Stunde. Schreibgeschützt: Nur der Admin des Kunden kauft Leitungen.</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionPreviewTab</name>
    <message>
        <source>Quote a change of lines to explain its cost to the customer. Support never buys or removes lines: only the customer&apos;s admin can, from their Billing page.</source>
        <translation>Eine Leitungsänderung anbieten, um dem Kunden ihre Kosten zu erklären. Der Support kauft oder entfernt nie Leitungen: Das kann nur der Admin des Kunden auf seiner Abrechnungsseite.</translation>
    </message>
    <message>
        <source>&amp;Lines to add (negative: remove)</source>
        <translation>&amp;Hinzuzufügende Leitungen (negativ: entfernen)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Choose a number of lines to add or remove.</source>
        <translation>Wählen Sie eine Anzahl Leitungen zum Hinzufügen oder Entfernen.</translation>
    </message>
    <message>
        <source>Asking the service for a quote…</source>
        <translation>Angebot wird beim Dienst angefragt…</translation>
    </message>
    <message>
        <source>&lt;b&gt;No quote:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Kein Angebot:&lt;/b&gt; %1</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionsPage</name>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>Every subscription on the platform. Open one (Enter or double-click) for its details, live use, calls and history; support can quote but never buy.</source>
        <translation>Alle Abonnements der Plattform. Öffnen Sie eines (Eingabe oder Doppelklick) für Details, Live-Nutzung, Anrufe und Verlauf; der Support kann Angebote erstellen, aber nie kaufen.</translation>
    </message>
    <message>
        <source>Search organization or subscription name or id, or a user&apos;s email</source>
        <translation>Name oder ID einer Organisation oder eines Abonnements oder die E-Mail eines Benutzers suchen</translation>
    </message>
    <message>
        <source>Plan type</source>
        <translation>Tariftyp</translation>
    </message>
    <message>
        <source>All plan types</source>
        <translation>Alle Tariftypen</translation>
    </message>
    <message>
        <source>At the &amp;limit now</source>
        <translation>Jetzt am &amp;Limit</translation>
    </message>
    <message>
        <source>Every line is in use right now</source>
        <translation>Alle Leitungen sind gerade belegt</translation>
    </message>
    <message>
        <source>&amp;Blocked calls in 24 h</source>
        <translation>&amp;Blockierte Anrufe in 24 h</translation>
    </message>
    <message>
        <source>At least one call was blocked at the limit in the last 24 hours</source>
        <translation>Mindestens ein Anruf wurde in den letzten 24 Stunden am Limit blockiert</translation>
    </message>
    <message>
        <source>&amp;Frozen</source>
        <translation>&amp;Eingefroren</translation>
    </message>
    <message>
        <source>Credits did not cover the last renewal</source>
        <translation>Das Guthaben reichte nicht für die letzte Verlängerung</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>ID kopieren</translation>
    </message>
    <message>
        <source>Copy the selected subscription&apos;s id (Ctrl+C)</source>
        <translation>ID des ausgewählten Abonnements kopieren (Strg+C)</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Every subscription matching the search and filters, not only the rows loaded</source>
        <translation>Alle Abonnements, die zur Suche und den Filtern passen, nicht nur die geladenen Zeilen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Ask the service again (F5)</source>
        <translation>Den Dienst erneut fragen (F5)</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>Suche und Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Only support staff can list every subscription.</source>
        <translation>Nur Support-Mitarbeiter können alle Abonnements auflisten.</translation>
    </message>
    <message>
        <source>The subscriptions could not be loaded: %1</source>
        <translation>Die Abonnements konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No subscription matches these filters.</source>
        <translation>Kein Abonnement passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>No subscription matches “%1” with these filters.</source>
        <translation>Kein Abonnement passt zu „%1“ mit diesen Filtern.</translation>
    </message>
    <message>
        <source>There are no subscriptions on this platform yet.</source>
        <translation>Auf dieser Plattform gibt es noch keine Abonnements.</translation>
    </message>
    <message>
        <source>Nothing to show until the list loads.</source>
        <translation>Nichts anzuzeigen, bis die Liste geladen ist.</translation>
    </message>
    <message>
        <source>Searching… (%1 shown from before)</source>
        <translation>Suche läuft… (%1 von vorher angezeigt)</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>%1 shown — loading more…</source>
        <translation>%1 angezeigt – weitere werden geladen…</translation>
    </message>
    <message>
        <source>%1 shown — scroll for more</source>
        <translation>%1 angezeigt – scrollen für mehr</translation>
    </message>
    <message>
        <source>1 subscription — all shown</source>
        <translation>1 Abonnement – alle angezeigt</translation>
    </message>
    <message>
        <source>%1 subscriptions — all shown</source>
        <translation>%1 Abonnements – alle angezeigt</translation>
    </message>
    <message>
        <source>%1 shown — the next page failed</source>
        <translation>%1 angezeigt – die nächste Seite schlug fehl</translation>
    </message>
    <message>
        <source>The row is still loading; copy again in a moment</source>
        <translation>Die Zeile wird noch geladen; kopieren Sie gleich noch einmal</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Copy id</source>
        <translation>ID &amp;kopieren</translation>
    </message>
    <message>
        <source>Open &amp;Billing view</source>
        <translation>&amp;Abrechnungsansicht öffnen</translation>
    </message>
    <message>
        <source>Export subscriptions</source>
        <translation>Abonnements exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Exporting subscriptions…</source>
        <translation>Abonnements werden exportiert…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>Exporting subscriptions… %1 written</source>
        <translation>Abonnements werden exportiert… %1 geschrieben</translation>
    </message>
    <message>
        <source>Wrote %1 to %2.</source>
        <translation>%1 nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>1 subscription</source>
        <translation>1 Abonnement</translation>
    </message>
    <message>
        <source>%1 subscriptions</source>
        <translation>%1 Abonnements</translation>
    </message>
    <message>
        <source>The export stopped: %1. Nothing was written.</source>
        <translation>Der Export wurde abgebrochen: %1. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>%1+</source>
        <comment>at least this many</comment>
        <translation>%1+</translation>
    </message>
    <message>
        <source>%1 of %2 shown — loading more…</source>
        <translation>%1 von %2 angezeigt – weitere werden geladen…</translation>
    </message>
    <message>
        <source>%1 of %2 shown — scroll for more</source>
        <translation>%1 von %2 angezeigt – scrollen für mehr</translation>
    </message>
</context>
<context>
    <name>linedesk::ui::WebhooksView</name>
    <message>
        <source>Add a webhook</source>
        <translation>Webhook hinzufügen</translation>
    </message>
    <message>
        <source>Each time one of this subscription&apos;s alerts fires or resolves, Linedesk POSTs it as JSON to this address, signed with the secret (header Linedesk-Signature).</source>
        <translation>Jedes Mal, wenn ein Alarm dieses Abonnements ausgelöst oder behoben wird, sendet Linedesk ihn per POST als JSON an diese Adresse, signiert mit dem Geheimnis (Header Linedesk-Signature).</translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation>&amp;URL</translation>
    </message>
    <message>
        <source>16 to 256 characters, no spaces</source>
        <translation>16 bis 256 Zeichen, keine Leerzeichen</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation>Geheimnis anzeigen oder verbergen</translation>
    </message>
    <message>
        <source>&amp;Hide</source>
        <translation>&amp;Verbergen</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <source>Make a random secret and show it, to copy into the receiver</source>
        <translation>Ein zufälliges Geheimnis erzeugen und anzeigen, um es in den Empfänger zu kopieren</translation>
    </message>
    <message>
        <source>&amp;Secret</source>
        <translation>&amp;Geheimnis</translation>
    </message>
    <message>
        <source>Keep a copy: afterwards Linedesk shows only its last four characters.</source>
        <translation>Bewahren Sie eine Kopie auf: Danach zeigt Linedesk nur noch die letzten vier Zeichen.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Add webhook</source>
        <translation>Webhook &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Adding the webhook…</source>
        <translation>Webhook wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Webhooks</translation>
    </message>
    <message>
        <source>Each alert&apos;s fire and resolve is POSTed as JSON to these addresses, signed with HMAC-SHA256 of the webhook&apos;s secret, and retried for 24 hours until the receiver answers 2xx.</source>
        <translation>Auslösung und Behebung jedes Alarms werden per POST als JSON an diese Adressen gesendet, signiert mit HMAC-SHA256 des Webhook-Geheimnisses, und 24 Stunden lang wiederholt, bis der Empfänger mit 2xx antwortet.</translation>
    </message>
    <message>
        <source>&amp;Add webhook…</source>
        <translation>Webhook &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>No webhooks yet. Add one to have this subscription&apos;s alerts sent to your own systems (chat, paging, ticketing).</source>
        <translation>Noch keine Webhooks. Fügen Sie einen hinzu, um die Alarme dieses Abonnements an Ihre eigenen Systeme zu senden (Chat, Paging, Ticketsystem).</translation>
    </message>
    <message>
        <source>Refresh deliveries</source>
        <translation>Zustellungen aktualisieren</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Zustellungen</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Mehr laden</translation>
    </message>
    <message>
        <source>The webhooks could not be read: %1</source>
        <translation>Die Webhooks konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The deliveries could not be read: %1</source>
        <translation>Die Zustellungen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Support staff see the webhooks and their deliveries; only an admin of the organization can add or remove them.</source>
        <translation>Support-Mitarbeiter sehen die Webhooks und ihre Zustellungen; hinzufügen oder entfernen kann sie nur ein Admin der Organisation.</translation>
    </message>
    <message>
        <source>Only admins and support staff see the webhooks.</source>
        <translation>Nur Admins und Support-Mitarbeiter sehen die Webhooks.</translation>
    </message>
    <message>
        <source>Deliveries to %1</source>
        <translation>Zustellungen an %1</translation>
    </message>
    <message>
        <source>Webhook added. Alerts from now on are sent to it.</source>
        <translation>Webhook hinzugefügt. Alarme werden ab jetzt an ihn gesendet.</translation>
    </message>
    <message>
        <source>Remove webhook</source>
        <translation>Webhook entfernen</translation>
    </message>
    <message>
        <source>Remove the webhook to %1? Alerts are no longer sent there, and its pending deliveries are cancelled.</source>
        <translation>Den Webhook an %1 entfernen? Alarme werden nicht mehr dorthin gesendet, und seine ausstehenden Zustellungen werden abgebrochen.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Removed the webhook to %1.</source>
        <translation>Webhook an %1 entfernt.</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>Nicht entfernt: %1</translation>
    </message>
</context>
</TS>
