#pragma once

#include "linepreview.h"

#include <QCoreApplication>
#include <QString>

namespace linedesk {

// The service's quote for a line change in the console's words: the same phrases in Billing →
// Add-ons (the admin's preview panel) and support's "Preview a purchase", so what one says
// the other says too. Widget-free; numbers, money and dates through the locale helpers.
class LinePreviewText
{
    Q_DECLARE_TR_FUNCTIONS(LinePreviewText)
public:
    // "10 included + 1 purchased = 11 concurrent calls"
    static QString headline(const LinePreview &p);
    // The dates the amount now covers: from the quote (or the period's start) to its end.
    static QString period(const LinePreview &p);
    // "Charged now" or "Refunded now".
    static QString nowCaption(const LinePreview &p);
    // The amount charged or refunded now, always positive: "$5.33".
    static QString nowAmount(const LinePreview &p);
    // "prorated for Apr 10, 2026 – May 1, 2026, from credits ($500.00 available)", or the
    // refund's "to credits, for the unused part of …".
    static QString nowDetail(const LinePreview &p);
    // The monthly charge from the next renewal: "$10.00".
    static QString monthlyAmount(const LinePreview &p);
    // "from May 1, 2026 (now $0.00)"
    static QString monthlyDetail(const LinePreview &p);
    // The whole quote as rich text paragraphs (headline, now, monthly, credits and active
    // calls, the refusal and the warnings), text escaped; no colours (the view styles it).
    static QString html(const LinePreview &p);
};

} // namespace linedesk
