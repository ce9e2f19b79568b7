#include "subscriptionpreviewtab.h"

#include "apiclient.h"
#include "linepreviewtext.h"
#include "localeformat.h"
#include "subscriptioninspection.h"
#include "uikit.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace linedesk::ui {

namespace {

// The result's colour comes from style.qss (QLabel#previewResult[tone="bad"]).
void setTone(QLabel *label, const char *tone)
{
    if (label->property("tone").toByteArray() == tone)
        return;
    label->setProperty("tone", QByteArray(tone));
    label->style()->unpolish(label);
    label->style()->polish(label);
}

} // namespace

SubscriptionPreviewTab::SubscriptionPreviewTab(ApiClient *api, SubscriptionInspection *inspection,
                                               QWidget *parent)
    : QWidget(parent), m_api(api), m_inspection(inspection)
{

    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 12, 0, 0);
    l->setSpacing(10);
    auto *intro = makeLabel(tr("Quote a change of lines to explain its cost to the customer. "
                               "Support never buys or removes lines: only the customer's admin "
                               "can, from their Billing page."),
                            "muted", this);
    intro->setWordWrap(true);
    l->addWidget(intro);
    auto *row = new QHBoxLayout;
    auto *caption = makeLabel(tr("&Lines to add (negative: remove)"), nullptr, this);
    row->addWidget(caption);
    m_quantity = new QSpinBox(this);
    m_quantity->setObjectName(QStringLiteral("previewQuantity"));
    m_quantity->setRange(-1000, 1000);
    m_quantity->setValue(1);
    m_quantity->setMinimumWidth(110);
    caption->setBuddy(m_quantity);
    row->addWidget(m_quantity);
    auto *quote = makeButton(tr("Preview"), "primary", this);
    quote->setObjectName(QStringLiteral("previewButton"));
    connect(quote, &QPushButton::clicked, this, [this] { preview(m_quantity->value()); });
    connect(m_quantity, &QSpinBox::editingFinished, this, [this] { preview(m_quantity->value()); });
    row->addWidget(quote);
    row->addStretch(1);
    l->addLayout(row);
    m_result = makeLabel(QString(), nullptr, this);
    m_result->setObjectName(QStringLiteral("previewResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_result);
    l->addStretch(1);
}

void SubscriptionPreviewTab::clear()
{
    ++m_generation;
    m_result->clear();
    setTone(m_result, "");
}

void SubscriptionPreviewTab::preview(int quantity)
{
    if (m_inspection->subscriptionId().isEmpty())
        return;
    if (quantity == 0) {
        m_result->setText(tr("Choose a number of lines to add or remove."));
        return;
    }
    const int generation = ++m_generation;
    m_result->setText(tr("Asking the service for a quote…"));
    m_api->previewLines(this, m_inspection->subscriptionId(), quantity,
                        [this, generation](const ApiResult<LinePreview> &r) {
                            if (generation != m_generation)
                                return;
                            if (!r.ok()) {
                                m_result->setText(
                                    tr("<b>No quote:</b> %1").arg(r.error.message.toHtmlEscaped()));
                                setTone(m_result, "bad");
                                return;
                            }
                            setTone(m_result, "");
                            m_result->setText(LinePreviewText::html(*r.value));
                        });
}

} // namespace linedesk::ui
