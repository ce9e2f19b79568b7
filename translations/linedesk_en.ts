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
    <name>linedesk::ui::ConnectionBanner</name>
    <message numerus="yes">
        <source>Trying again in %n s.</source>
        <translation>
            <numerusform>Trying again in %n s.</numerusform>
            <numerusform>Trying again in %n s.</numerusform>
        </translation>
    </message>
</context>
</TS>
