<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Alert</name>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n call</numerusform>
            <numerusform>%n calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LinePreviewText</name>
    <message numerus="yes">
        <source>%n concurrent call(s)</source>
        <translation>
            <numerusform>%n concurrent call</numerusform>
            <numerusform>%n concurrent calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::AuditTrailModel</name>
    <message numerus="yes">
        <source>Bought %n line(s); %1 charged, prorated to the end of the period.</source>
        <translation>
            <numerusform>Bought %n line; %1 charged, prorated to the end of the period.</numerusform>
            <numerusform>Bought %n lines; %1 charged, prorated to the end of the period.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n line(s); %1 refunded for the rest of the period.</source>
        <translation>
            <numerusform>Removed %n line; %1 refunded for the rest of the period.</numerusform>
            <numerusform>Removed %n lines; %1 refunded for the rest of the period.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Renewed %n purchased line(s) for %1.</source>
        <translation>
            <numerusform>Renewed %n purchased line for %1.</numerusform>
            <numerusform>Renewed %n purchased lines for %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The credits (%1) could not cover the renewal of %n purchased line(s): frozen, and the purchased lines dropped.</source>
        <translation>
            <numerusform>The credits (%1) could not cover the renewal of %n purchased line: frozen, and the purchased line dropped.</numerusform>
            <numerusform>The credits (%1) could not cover the renewal of %n purchased lines: frozen, and the purchased lines dropped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::CapacityPlanModel</name>
    <message numerus="yes">
        <source>%n line(s), now, recommended</source>
        <translation>
            <numerusform>%n line, now, recommended</numerusform>
            <numerusform>%n lines, now, recommended</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s), now</source>
        <translation>
            <numerusform>%n line, now</numerusform>
            <numerusform>%n lines, now</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s), recommended</source>
        <translation>
            <numerusform>%n line, recommended</numerusform>
            <numerusform>%n lines, recommended</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::format</name>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::BillingPage</name>
    <message numerus="yes">
        <source>&lt;p&gt;The %n organizations on this subscription share these lines: a change applies to all of them.&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;The %n organization on this subscription uses these lines: a change applies to it.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;The %n organizations on this subscription share these lines: a change applies to all of them.&lt;/p&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::ConfirmLineChangeDialog</name>
    <message numerus="yes">
        <source>For the subscription “%1”, whose lines %n organizations share: all of them get the new limit. This takes effect as soon as you confirm.</source>
        <translation>
            <numerusform>For the subscription “%1”, whose lines %n organization uses: it gets the new limit. This takes effect as soon as you confirm.</numerusform>
            <numerusform>For the subscription “%1”, whose lines %n organizations share: all of them get the new limit. This takes effect as soon as you confirm.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Buy %n concurrency line(s)?</source>
        <translation>
            <numerusform>Buy %n concurrency line?</numerusform>
            <numerusform>Buy %n concurrency lines?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n concurrency line(s)?</source>
        <translation>
            <numerusform>Remove %n concurrency line?</numerusform>
            <numerusform>Remove %n concurrency lines?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::ConnectionBanner</name>
    <message numerus="yes">
        <source>Trying again in %n s.</source>
        <translation>
            <numerusform>Trying again in %n s.</numerusform>
            <numerusform>Trying again in %n s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::LinesCard</name>
    <message numerus="yes">
        <source>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased line(s) (was %1), so it already has the %2 lines you asked for in total. Nothing was bought or charged.</source>
        <translation>
            <numerusform>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased line (was %1), so it already has the %2 lines you asked for in total. Nothing was bought or charged.</numerusform>
            <numerusform>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased lines (was %1), so it already has the %2 lines you asked for in total. Nothing was bought or charged.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This subscription changed while you were confirming: it now has %n purchased line(s) (was %1). Nothing was charged. Here is the new quote for %2 lines in total.</source>
        <translation>
            <numerusform>This subscription changed while you were confirming: it now has %n purchased line (was %1). Nothing was charged. Here is the new quote for %2 lines in total.</numerusform>
            <numerusform>This subscription changed while you were confirming: it now has %n purchased lines (was %1). Nothing was charged. Here is the new quote for %2 lines in total.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased line(s) (was %1). Nothing was charged; getting a new quote for %2 lines in total…</source>
        <translation>
            <numerusform>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased line (was %1). Nothing was charged; getting a new quote for %2 lines in total…</numerusform>
            <numerusform>&lt;b&gt;This subscription changed while you were confirming&lt;/b&gt;: it now has %n purchased lines (was %1). Nothing was charged; getting a new quote for %2 lines in total…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 included + %2 purchased · buy %n line(s)</source>
        <translation>
            <numerusform>%1 included + %2 purchased · buy %n line</numerusform>
            <numerusform>%1 included + %2 purchased · buy %n lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 included + %2 purchased · remove %n line(s)</source>
        <translation>
            <numerusform>%1 included + %2 purchased · remove %n line</numerusform>
            <numerusform>%1 included + %2 purchased · remove %n lines</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionCallsTab</name>
    <message numerus="yes">
        <source>%n call(s) hold a line now. A call whose heartbeats stop is released when its lease (%1) runs out; End call… releases it at once.</source>
        <translation>
            <numerusform>%n call holds a line now. A call whose heartbeats stop is released when its lease (%1) runs out; End call… releases it at once.</numerusform>
            <numerusform>%n calls hold a line now. A call whose heartbeats stop is released when its lease (%1) runs out; End call… releases it at once.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>linedesk::ui::SubscriptionDetailView</name>
    <message numerus="yes">
        <source>Subscription id %1 · %n organization(s): %2</source>
        <translation>
            <numerusform>Subscription id %1 · %n organization: %2</numerusform>
            <numerusform>Subscription id %1 · %n organizations: %2</numerusform>
        </translation>
    </message>
</context>
</TS>
