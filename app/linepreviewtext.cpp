#include "linepreviewtext.h"

#include "localeformat.h"

namespace linedesk {

QString LinePreviewText::headline(const LinePreview &p)
{
    return tr("%1 included + %2 purchased = %3 concurrent calls")
        .arg(p.includedLines)
        .arg(p.purchasedAfter)
        .arg(p.limitAfter);
}

QString LinePreviewText::period(const LinePreview &p)
{
    return tr("%1 – %2").arg(format::date(p.quotedAt.isValid() ? p.quotedAt : p.periodStart),
                             format::date(p.periodEnd));
}

QString LinePreviewText::nowCaption(const LinePreview &p)
{
    return p.amountDueNowCents >= 0 ? tr("Charged now") : tr("Refunded now");
}

QString LinePreviewText::nowAmount(const LinePreview &p)
{
    return format::money(qAbs(p.amountDueNowCents));
}

QString LinePreviewText::nowDetail(const LinePreview &p)
{
    if (p.amountDueNowCents >= 0)
        return tr("prorated for %1, from credits (%2 available)")
            .arg(period(p), format::money(p.creditsCents));
    return tr("to credits, for the unused part of %1").arg(period(p));
}

QString LinePreviewText::monthlyAmount(const LinePreview &p)
{
    return format::money(p.monthlyChargeAfterCents);
}

QString LinePreviewText::monthlyDetail(const LinePreview &p)
{
    return tr("from %1 (now %2)")
        .arg(format::date(p.periodEnd), format::money(p.monthlyChargeBeforeCents));
}

QString LinePreviewText::html(const LinePreview &p)
{
    const auto para = [](const QString &s) { return QStringLiteral("<p>%1</p>").arg(s); };
    QString text = para(tr("<b>%1</b> (now %2).")
                            .arg(headline(p).toHtmlEscaped())
                            .arg(tr("%n concurrent call(s)", nullptr, p.limitBefore)));
    text += para(
        tr("%1: <b>%2</b>, %3.").arg(nowCaption(p), nowAmount(p), nowDetail(p).toHtmlEscaped()));
    text += para(tr("New monthly charge: <b>%1</b> (%2 × %3), %4.")
                     .arg(monthlyAmount(p))
                     .arg(p.purchasedAfter)
                     .arg(format::money(p.linePriceCents), monthlyDetail(p).toHtmlEscaped()));
    text += para(tr("Credits now: %1. Active calls now: %2.")
                     .arg(format::money(p.creditsCents))
                     .arg(p.activeCalls));
    if (!p.allowed)
        text += para(tr("<b>The service would refuse this change:</b> %1")
                         .arg(p.refusalMessage.toHtmlEscaped()));
    for (const QString &w : p.warnings)
        text += para(w.toHtmlEscaped());
    return text;
}

} // namespace linedesk
