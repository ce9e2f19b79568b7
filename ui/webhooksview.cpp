#include "webhooksview.h"

#include "alertcenter.h"
#include "localeformat.h"
#include "session.h"
#include "uikit.h"
#include "webhooklist.h"

#include <QDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTableView>
#include <QVBoxLayout>

namespace linedesk::ui {

namespace {

// 32 letters and digits: about 190 bits, within the service's 16..256 printable characters.
QString generateSecret()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString secret;
    for (int i = 0; i < 32; ++i)
        secret += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(62)]);
    return secret;
}

// URL + secret; stays open on the service's refusal and says why.
class AddWebhookDialog : public QDialog
{
public:
    AddWebhookDialog(WebhookList *list, QWidget *parent) : QDialog(parent), m_list(list)
    {
        setObjectName(QStringLiteral("addWebhookDialog"));
        setWindowTitle(WebhooksView::tr("Add a webhook"));
        setMinimumWidth(560);
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(24, 20, 24, 20);
        layout->setSpacing(12);
        auto *intro = makeLabel(
            WebhooksView::tr("Each time one of this subscription's alerts fires or resolves, "
                             "Linedesk POSTs it as JSON to this address, signed with the secret "
                             "(header Linedesk-Signature)."),
            "muted", this);
        intro->setWordWrap(true);
        layout->addWidget(intro);
        auto *form = new QFormLayout;
        form->setSpacing(10);
        m_url = new QLineEdit(this);
        m_url->setObjectName(QStringLiteral("webhookUrl"));
        m_url->setPlaceholderText(QStringLiteral("https://example.com/hooks/linedesk"));
        m_url->setMaxLength(2048);
        form->addRow(WebhooksView::tr("&URL"), m_url);
        m_secret = new QLineEdit(this);
        m_secret->setObjectName(QStringLiteral("webhookSecret"));
        m_secret->setEchoMode(QLineEdit::Password);
        m_secret->setMaxLength(256);
        m_secret->setPlaceholderText(WebhooksView::tr("16 to 256 characters, no spaces"));
        m_reveal = makeButton(WebhooksView::tr("S&how"), nullptr, this);
        m_reveal->setObjectName(QStringLiteral("revealSecret"));
        m_reveal->setCheckable(true);
        m_reveal->setToolTip(WebhooksView::tr("Show or hide the secret"));
        connect(m_reveal, &QPushButton::toggled, this, [this](bool on) {
            m_secret->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
            m_reveal->setText(on ? WebhooksView::tr("&Hide") : WebhooksView::tr("S&how"));
        });
        auto *secretRow = new QHBoxLayout;
        secretRow->addWidget(m_secret, 1);
        secretRow->addWidget(m_reveal);
        auto *generate = makeButton(WebhooksView::tr("&Generate"), nullptr, this);
        generate->setObjectName(QStringLiteral("generateSecret"));
        generate->setToolTip(WebhooksView::tr("Make a random secret and show it, to copy into "
                                              "the receiver"));
        connect(generate, &QPushButton::clicked, this, [this] {
            m_secret->setText(generateSecret());
            m_reveal->setChecked(true);
        });
        secretRow->addWidget(generate);
        auto *secretLabel = new QLabel(WebhooksView::tr("&Secret"), this);
        secretLabel->setBuddy(m_secret);
        form->addRow(secretLabel, secretRow);
        auto *secretHint =
            makeLabel(WebhooksView::tr("Keep a copy: afterwards Linedesk shows only its last four "
                                       "characters."),
                      "muted", this);
        secretHint->setWordWrap(true);
        form->addRow(QString(), secretHint);
        layout->addLayout(form);
        m_notice = new Notice(this);
        m_notice->setObjectName(QStringLiteral("addWebhookNotice"));
        layout->addWidget(m_notice);
        auto *buttons = new QHBoxLayout;
        buttons->addStretch(1);
        auto *cancel = makeButton(WebhooksView::tr("Cancel"), nullptr, this);
        cancel->setObjectName(QStringLiteral("cancelWebhook"));
        connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
        m_ok = makeButton(WebhooksView::tr("&Add webhook"), "primary", this);
        m_ok->setObjectName(QStringLiteral("confirmAddWebhook"));
        m_ok->setDefault(true);
        connect(m_ok, &QPushButton::clicked, this, &AddWebhookDialog::send);
        buttons->addWidget(cancel);
        buttons->addWidget(m_ok);
        layout->addLayout(buttons);
        for (QLineEdit *e : {m_url, m_secret})
            connect(e, &QLineEdit::textChanged, this, &AddWebhookDialog::updateState);
        updateState();
    }

private:
    void updateState()
    {
        m_ok->setEnabled(!m_sending && !m_url->text().trimmed().isEmpty() &&
                         !m_secret->text().isEmpty());
        m_url->setEnabled(!m_sending);
        m_secret->setEnabled(!m_sending);
    }

    void send()
    {
        m_sending = true;
        updateState();
        m_notice->showMessage(Notice::Kind::Info, WebhooksView::tr("Adding the webhook…"));
        m_list->add(m_url->text().trimmed(), m_secret->text(),
                    [self = QPointer(this)](const ApiResult<Webhook> &r) {
                        if (!self)
                            return;
                        self->m_sending = false;
                        if (r.ok()) {
                            self->accept();
                            return;
                        }
                        self->m_notice->showMessage(
                            Notice::Kind::Error,
                            WebhooksView::tr("Not added: %1").arg(r.error.message));
                        self->updateState();
                        if (r.error.code == QLatin1String("invalid-webhook-secret"))
                            self->m_secret->setFocus();
                        else
                            self->m_url->setFocus();
                    });
    }

    WebhookList *m_list;
    QLineEdit *m_url;
    QLineEdit *m_secret;
    QPushButton *m_reveal;
    Notice *m_notice;
    QPushButton *m_ok;
    bool m_sending = false;
};

} // namespace

WebhooksView::WebhooksView(Session *session, AlertCenter *center, WebhookList *list,
                           QWidget *parent)
    : QWidget(parent), m_session(session), m_center(center), m_list(list)
{
    setObjectName(QStringLiteral("webhooksView"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(12);
    // Two cards: the webhooks, then the deliveries of the one selected (hidden without one).
    auto *hooksCard = makeCard(this);
    auto *layout = new QVBoxLayout(hooksCard);
    layout->setContentsMargins(24, 18, 24, 20);
    layout->setSpacing(10);
    auto *title = makeLabel(tr("Webhooks"), nullptr, this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(title);
    auto *intro = makeLabel(tr("Each alert's fire and resolve is POSTed as JSON to these "
                               "addresses, signed with HMAC-SHA256 of the webhook's secret, and "
                               "retried for 24 hours until the receiver answers 2xx."),
                            "muted", this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_roleNote = makeLabel(QString(), "roleNote", this);
    m_roleNote->setObjectName(QStringLiteral("webhooksRoleNote"));
    m_roleNote->setWordWrap(true);
    layout->addWidget(m_roleNote);

    auto *actions = new QHBoxLayout;
    m_add = makeButton(tr("&Add webhook…"), "primary", this);
    m_add->setObjectName(QStringLiteral("addWebhook"));
    m_remove = makeButton(tr("&Remove…"), nullptr, this);
    m_remove->setObjectName(QStringLiteral("removeWebhook"));
    m_refresh = makeButton(tr("Refresh"), nullptr, this);
    m_refresh->setObjectName(QStringLiteral("refreshWebhooks"));
    actions->addWidget(m_add);
    actions->addWidget(m_remove);
    actions->addStretch(1);
    actions->addWidget(m_refresh);
    layout->addLayout(actions);

    m_table = makeTable(list->webhooks(), this);
    m_table->setObjectName(QStringLiteral("webhooksTable"));
    m_table->setAccessibleName(tr("Webhooks"));
    // Times on one line, as wide as the locale writes a long one.
    const int timeWidth = fontMetrics().horizontalAdvance(
                              format::dateTime(QDateTime(QDate(2026, 12, 28), QTime(23, 58, 58)))) +
                          24;
    m_table->horizontalHeader()->resizeSection(WebhookModel::UrlColumn, 420);
    m_table->horizontalHeader()->resizeSection(WebhookModel::SecretColumn, 90);
    m_table->horizontalHeader()->resizeSection(WebhookModel::CreatedColumn, timeWidth);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_table);
    m_empty = makeLabel(tr("No webhooks yet. Add one to have this subscription's alerts sent to "
                           "your own systems (chat, paging, ticketing)."),
                        "muted", this);
    m_empty->setObjectName(QStringLiteral("webhooksEmpty"));
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);
    m_notice = new Notice(this);
    m_notice->setObjectName(QStringLiteral("webhooksNotice"));
    layout->addWidget(m_notice);

    outer->addWidget(hooksCard);

    m_deliveriesCard = makeCard(this);
    m_deliveriesCard->setObjectName(QStringLiteral("deliveriesCard"));
    auto *dl = new QVBoxLayout(m_deliveriesCard);
    dl->setContentsMargins(24, 18, 24, 20);
    dl->setSpacing(10);
    auto *deliveriesRow = new QHBoxLayout;
    m_deliveriesTitle = makeLabel(QString(), nullptr, this);
    m_deliveriesTitle->setObjectName(QStringLiteral("deliveriesTitle"));
    m_deliveriesTitle->setTextFormat(Qt::PlainText);
    {
        QFont f = m_deliveriesTitle->font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.15);
        m_deliveriesTitle->setFont(f);
    }
    deliveriesRow->addWidget(m_deliveriesTitle, 1);
    m_refreshDeliveries = makeButton(tr("Refresh deliveries"), nullptr, this);
    m_refreshDeliveries->setObjectName(QStringLiteral("refreshDeliveries"));
    deliveriesRow->addWidget(m_refreshDeliveries);
    dl->addLayout(deliveriesRow);
    m_deliveries = makeTable(list->deliveries(), this);
    m_deliveries->setObjectName(QStringLiteral("deliveriesTable"));
    m_deliveries->setAccessibleName(tr("Deliveries"));
    auto *dh = m_deliveries->horizontalHeader();
    dh->resizeSection(WebhookDeliveryModel::CreatedColumn, timeWidth);
    dh->resizeSection(WebhookDeliveryModel::AlertColumn, 210);
    dh->resizeSection(WebhookDeliveryModel::StateColumn, 90);
    dh->resizeSection(WebhookDeliveryModel::AttemptsColumn,
                      qMax(80, dh->fontMetrics().horizontalAdvance(tr("Attempts")) + 30));
    dh->resizeSection(WebhookDeliveryModel::LastResultColumn, 200);
    dl->addWidget(m_deliveries, 1);
    auto *moreRow = new QHBoxLayout;
    moreRow->addStretch(1);
    m_moreDeliveries = makeButton(tr("Load more"), nullptr, this);
    m_moreDeliveries->setObjectName(QStringLiteral("moreDeliveries"));
    moreRow->addWidget(m_moreDeliveries);
    dl->addLayout(moreRow);
    outer->addWidget(m_deliveriesCard, 100);
    outer->addStretch(1); // takes the room while there are no deliveries to show

    connect(m_add, &QPushButton::clicked, this, &WebhooksView::addWebhook);
    connect(m_remove, &QPushButton::clicked, this, &WebhooksView::removeSelected);
    connect(m_refresh, &QPushButton::clicked, list, &WebhookList::reload);
    connect(m_refreshDeliveries, &QPushButton::clicked, list, &WebhookList::reloadDeliveries);
    connect(m_moreDeliveries, &QPushButton::clicked, this,
            [this] { m_list->deliveries()->fetchMore({}); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &WebhooksView::selectionChanged);
    connect(list->webhooks(), &QAbstractItemModel::modelReset, this, [this] {
        // Keep showing the deliveries of the webhook that was selected, or the first one.
        const int row = qMax(0, m_list->webhooks()->rowOf(m_list->deliveriesWebhookId()));
        if (m_list->webhooks()->rowCount() > 0)
            m_table->selectRow(row);
        updateState();
    });
    connect(list, &WebhookList::loadFailed, this, [this](const ApiError &e) {
        m_notice->showMessage(Notice::Kind::Error,
                              tr("The webhooks could not be read: %1").arg(e.message));
    });
    connect(list, &WebhookList::loaded, this, [this] {
        if (m_notice->kind() == Notice::Kind::Error)
            m_notice->hide();
        updateState();
    });
    connect(list, &WebhookList::deliveriesLoaded, this, &WebhooksView::updateState);
    connect(list, &WebhookList::deliveriesFailed, this, [this](const ApiError &e) {
        m_notice->showMessage(Notice::Kind::Error,
                              tr("The deliveries could not be read: %1").arg(e.message));
    });
    connect(list->deliveries(), &QAbstractItemModel::rowsInserted, this,
            &WebhooksView::updateState);
    connect(list->deliveries(), &QAbstractItemModel::modelReset, this, &WebhooksView::updateState);
    connect(session, &Session::stateChanged, this, &WebhooksView::updateState);
    connect(session, &Session::currentOrgChanged, this, &WebhooksView::updateState);
    m_poll.setInterval(3000);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (m_list->hasPendingDeliveries())
            m_list->reloadDeliveries();
    });
    // A fire or resolve puts a delivery in the outbox: show it once it has been tried.
    connect(center, &AlertCenter::alertReceived, this, [this] {
        if (isVisible())
            QTimer::singleShot(1500, m_list, &WebhookList::reloadDeliveries);
    });
    updateState();
}

void WebhooksView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_poll.start();
}

void WebhooksView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_poll.stop();
}

QString WebhooksView::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return QString();
    return rows.first().data(WebhookModel::IdRole).toString();
}

void WebhooksView::selectionChanged()
{
    const QString id = selectedId();
    if (id != m_list->deliveriesWebhookId())
        m_list->showDeliveries(id);
    updateState();
}

void WebhooksView::updateState()
{
    const bool admin = m_center->canEditWebhooks();
    const bool visible = m_center->canSeeWebhooks();
    m_add->setVisible(admin);
    m_remove->setVisible(admin);
    m_remove->setEnabled(admin && !selectedId().isEmpty());
    m_roleNote->setText(
        visible ? tr("Support staff see the webhooks and their deliveries; only an admin of the "
                     "organization can add or remove them.")
                : tr("Only admins and support staff see the webhooks."));
    m_roleNote->setVisible(!admin && m_session->state() == Session::State::SignedIn);
    const int rows = m_list->webhooks()->rowCount();
    const bool empty = rows == 0;
    m_table->setVisible(visible && !empty);
    // As tall as its rows (a subscription has at most 10 webhooks).
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() +
                            qMax(1, rows) * m_table->verticalHeader()->defaultSectionSize() +
                            2 * m_table->frameWidth());
    m_empty->setVisible(visible && empty && !m_list->isLoading());
    const QString id = m_list->deliveriesWebhookId();
    const int row = m_list->webhooks()->rowOf(id);
    m_deliveriesTitle->setText(
        row >= 0 ? tr("Deliveries to %1").arg(m_list->webhooks()->at(row).url) : tr("Deliveries"));
    const bool showDeliveries = visible && row >= 0;
    m_deliveriesCard->setVisible(showDeliveries);
    m_moreDeliveries->setVisible(showDeliveries && m_list->deliveries()->canFetchMore({}));
}

void WebhooksView::addWebhook()
{
    if (!m_center->canEditWebhooks())
        return;
    auto *dialog = new AddWebhookDialog(m_list, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        m_notice->showMessage(Notice::Kind::Success,
                              tr("Webhook added. Alerts from now on are sent to it."));
    });
    dialog->open();
}

void WebhooksView::removeSelected()
{
    const QString id = selectedId();
    const int row = m_list->webhooks()->rowOf(id);
    if (row < 0 || !m_center->canEditWebhooks())
        return;
    const QString url = m_list->webhooks()->at(row).url;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove webhook"),
                                tr("Remove the webhook to %1? Alerts are no longer sent there, "
                                   "and its pending deliveries are cancelled.")
                                    .arg(url),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("removeWebhookConfirm"));
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmRemoveWebhook"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, id, url] {
        if (box->clickedButton() != remove)
            return;
        m_list->remove(id, [self = QPointer(this), url](const ApiResult<bool> &r) {
            if (!self)
                return;
            if (r.ok())
                self->m_notice->showMessage(Notice::Kind::Success,
                                            tr("Removed the webhook to %1.").arg(url));
            else
                self->m_notice->showMessage(Notice::Kind::Error,
                                            tr("Not removed: %1").arg(r.error.message));
        });
    });
    box->open();
}

} // namespace linedesk::ui
