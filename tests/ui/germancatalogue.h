#pragma once

// Reads translations/linedesk_de.ts for the German tests: every message with its context,
// source, translation(s) and whether lupdate marked it unfinished, vanished or obsolete.

#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>
#include <QXmlStreamReader>

namespace linedesk::test {

struct CatalogueEntry
{
    QString context;
    QString source;
    QString comment;
    QStringList translations; // one, or the numerus forms
    QString type;             // "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
};

inline QList<CatalogueEntry> readCatalogue(const QString &path, QString *error = nullptr)
{
    QList<CatalogueEntry> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return entries;
    }
    QXmlStreamReader xml(&file);
    QString context;
    CatalogueEntry current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name"))
                context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                current = CatalogueEntry{};
                current.context = context;
                current.numerus =
                    xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source"))
                current.source = xml.readElementText();
            else if (name == QLatin1String("comment"))
                current.comment = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                current.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!current.numerus)
                    current.translations.append(xml.readElementText());
            } else if (name == QLatin1String("numerusform"))
                current.translations.append(xml.readElementText());
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            entries.append(current);
        }
    }
    if (xml.hasError() && error)
        *error = xml.errorString();
    return entries;
}

inline QString sourceDir()
{
    return qEnvironmentVariable("LINEDESK_SOURCE_DIR", QStringLiteral(LINEDESK_SOURCE_DIR));
}

} // namespace linedesk::test
