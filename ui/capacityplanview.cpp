#include "capacityplanview.h"

#include "capacityplanchart.h"
#include "capacityplanmodel.h"
#include "capacityplantext.h"
#include "localeformat.h"
#include "uikit.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <tuple>

namespace linedesk::ui {

namespace {

// Today's and the recommended total stand out in the table.
class PlanRowDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(CapacityPlanModel::IsCurrentRole).toBool() ||
            index.data(CapacityPlanModel::IsRecommendedRole).toBool())
            option->font.setBold(true);
        if (index.data(CapacityPlanModel::IsRecommendedRole).toBool())
            option->backgroundBrush = QColor(0xf0, 0xfd, 0xf4);
    }
};

QString timeRange(const QDateTime &from, const QDateTime &to)
{
    const QLocale locale;
    if (from.isValid() && to.isValid() && from.toLocalTime().date() == to.toLocalTime().date())
        return QStringLiteral("%1 – %2").arg(
            format::dateTime(from), locale.toString(to.toLocalTime().time(), QLocale::ShortFormat));
    return QStringLiteral("%1 – %2").arg(format::dateTime(from), format::dateTime(to));
}

// "6.0", "12", "0.013": enough digits to tell light traffic from none.
QString erlangs(double e)
{
    const QLocale locale;
    if (e >= 10)
        return locale.toString(e, 'f', 0);
    if (e >= 1)
        return locale.toString(e, 'f', 1);
    return e > 0 ? locale.toString(e, 'g', 2) : locale.toString(0);
}

// Sized to its captions plus the side padding style.qss gives a section: measured without it,
// the right-aligned captions lost their first letters ("urchased", "eitungen").
class PaddedHeader : public QHeaderView
{
public:
    using QHeaderView::QHeaderView;

protected:
    QSize sectionSizeFromContents(int logicalIndex) const override
    {
        QSize size = QHeaderView::sectionSizeFromContents(logicalIndex);
        size.rwidth() += 10;
        return size;
    }
};

} // namespace

CapacityPlanView::CapacityPlanView(CapacityPlanLoader *loader, QWidget *parent)
    : QWidget(parent), m_loader(loader), m_model(new CapacityPlanModel(this))
{
    setObjectName(QStringLiteral("capacityPlanView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);

    // The choices: which window to replay, which share of blocked calls to aim for.
    auto *choices = new QHBoxLayout;
    choices->setSpacing(8);
    auto segments = [this,
                     choices](const QString &caption, QButtonGroup *group,
                              const QList<std::tuple<int, QString, QString, QString>> &items) {
        auto *label = makeLabel(caption, "caption", this);
        choices->addWidget(label);
        auto *row = new QHBoxLayout;
        row->setSpacing(0);
        for (const auto &[id, text, name, accessible] : items) {
            auto *b = new QPushButton(text, this);
            b->setCheckable(true);
            b->setObjectName(name);
            b->setProperty("segment", true);
            b->setAccessibleName(accessible);
            b->setToolTip(accessible);
            b->setCursor(Qt::PointingHandCursor);
            group->addButton(b, id);
            row->addWidget(b);
        }
        choices->addLayout(row);
    };
    m_windows = new QButtonGroup(this);
    using W = CapacityPlanLoader::Window;
    segments(tr("WINDOW"), m_windows,
             {{int(W::Day), tr("24 h"), QStringLiteral("planWindowDay"),
               tr("Plan from the last 24 hours")},
              {int(W::Week), tr("7 d"), QStringLiteral("planWindowWeek"),
               tr("Plan from the last 7 days")},
              {int(W::Month), tr("30 d"), QStringLiteral("planWindowMonth"),
               tr("Plan from the last 30 days")}});
    choices->addSpacing(18);
    m_targets = new QButtonGroup(this);
    const QList<double> targets = CapacityPlanLoader::targets();
    const QStringList targetNames{QStringLiteral("planTarget5"), QStringLiteral("planTarget1"),
                                  QStringLiteral("planTarget01")};
    QList<std::tuple<int, QString, QString, QString>> targetItems;
    for (int i = 0; i < targets.size(); ++i)
        targetItems.append({i, CapacityPlanText::percent(targets.at(i)), targetNames.value(i),
                            tr("Aim for at most %1 of calls blocked at the busiest hour")
                                .arg(CapacityPlanText::percent(targets.at(i)))});
    segments(tr("TARGET, BLOCKED AT MOST"), m_targets, targetItems);
    choices->addStretch(1);
    layout->addLayout(choices);
    connect(m_windows, &QButtonGroup::idClicked, m_loader,
            [this](int id) { m_loader->setWindow(CapacityPlanLoader::Window(id)); });
    connect(m_targets, &QButtonGroup::idClicked, m_loader,
            [this](int id) { m_loader->setTarget(CapacityPlanLoader::targets().value(id, 0.01)); });

    m_status = makeLabel(QString(), "muted", this);
    m_status->setObjectName(QStringLiteral("planStatus"));
    layout->addWidget(m_status);
    m_error = new Notice(this);
    m_error->setObjectName(QStringLiteral("planError"));
    QPushButton *retry = m_error->addButton(tr("&Try again"), QStringLiteral("planRetry"));
    retry->show(); // the notice only ever says the plan failed
    connect(retry, &QPushButton::clicked, m_loader, &CapacityPlanLoader::reload);
    layout->addWidget(m_error);
    m_empty = makeLabel(QString(), nullptr, this);
    m_empty->setObjectName(QStringLiteral("planEmpty"));
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);

    m_content = new QWidget(this);
    auto *content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    content->setSpacing(10);
    m_summary = makeLabel(QString(), nullptr, m_content);
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    content->addWidget(m_summary);

    auto *recommendation = new QFrame(m_content);
    recommendation->setObjectName(QStringLiteral("planRecommendationPanel"));
    auto *rl = new QHBoxLayout(recommendation);
    rl->setContentsMargins(14, 10, 14, 10);
    rl->setSpacing(12);
    m_recommendation = makeLabel(QString(), nullptr, recommendation);
    m_recommendation->setObjectName(QStringLiteral("planRecommendation"));
    m_recommendation->setWordWrap(true);
    m_recommendation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rl->addWidget(m_recommendation, 1);
    m_use = makeButton(QString(), "primary", recommendation);
    m_use->setObjectName(QStringLiteral("planUseButton"));
    m_use->setToolTip(
        tr("Sets the lines you want in total to the recommendation; you review the purchase "
           "before anything is bought"));
    connect(m_use, &QPushButton::clicked, this, [this] {
        if (const int total = useTotal(); total > 0)
            Q_EMIT useRequested(total);
    });
    rl->addWidget(m_use, 0, Qt::AlignVCenter);
    content->addWidget(recommendation);

    auto *figures = new QBoxLayout(QBoxLayout::LeftToRight);
    m_figures = figures;
    figures->setSpacing(12);
    m_chart = new CapacityPlanChart(m_content);
    m_chart->setObjectName(QStringLiteral("planChart"));
    figures->addWidget(m_chart, 5);
    m_table = makeTable(m_model, m_content, 26);
    m_table->setObjectName(QStringLiteral("planOptionsView"));
    m_table->setAccessibleName(tr("Blocked calls and monthly charge for each total of lines"));
    m_table->setItemDelegate(new PlanRowDelegate(m_table));
    {
        const QHeaderView *plain = m_table->horizontalHeader();
        auto *header = new PaddedHeader(Qt::Horizontal, m_table);
        header->setHighlightSections(plain->highlightSections());
        header->setDefaultAlignment(plain->defaultAlignment());
        header->setSectionsClickable(plain->sectionsClickable());
        m_table->setHorizontalHeader(header);
    }
    m_table->setSortingEnabled(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(CapacityPlanModel::NoteColumn,
                                                      QHeaderView::Stretch);
    m_table->setMinimumWidth(430);
    m_table->setMinimumHeight(230);
    figures->addWidget(m_table, 6);
    content->addLayout(figures, 1);

    m_busyHour = makeLabel(QString(), nullptr, m_content);
    m_busyHour->setObjectName(QStringLiteral("planBusyHour"));
    m_busyHour->setWordWrap(true);
    m_busyHour->setTextInteractionFlags(Qt::TextSelectableByMouse);
    content->addWidget(m_busyHour);
    m_limits = makeLabel(CapacityPlanText::limits(), "muted", m_content);
    m_limits->setObjectName(QStringLiteral("planLimits"));
    m_limits->setWordWrap(true);
    m_limits->setTextFormat(Qt::RichText);
    content->addWidget(m_limits);
    layout->addWidget(m_content, 1);
    // Without the figures (loading, failed, no calls) the lines above keep their height.
    layout->addStretch(0);

    connect(m_loader, &CapacityPlanLoader::stateChanged, this, &CapacityPlanView::refresh);
    connect(m_loader, &CapacityPlanLoader::planChanged, this, &CapacityPlanView::refresh);
    refresh();
}

void CapacityPlanView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrangeFigures();
}

void CapacityPlanView::arrangeFigures()
{
    // The table's columns want about 600 px, the chart at least 420.
    const bool sideBySide = width() >= 1060;
    const auto direction = sideBySide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_figures->direction() != direction)
        m_figures->setDirection(direction);
    int tableHeight = 230;
    if (!sideBySide) {
        // Every row shown: the page around scrolls, not the table.
        const int rows = m_model->rowCount();
        tableHeight = qMin(640, m_table->horizontalHeader()->sizeHint().height() +
                                    rows * m_table->verticalHeader()->defaultSectionSize() + 4);
    }
    m_table->setMinimumHeight(qMax(120, tableHeight));
    m_chart->setMinimumHeight(sideBySide ? m_chart->minimumSizeHint().height() : 280);
}

void CapacityPlanView::setUseAllowed(bool allowed, int minimumTotal)
{
    m_useAllowed = allowed;
    m_minimumTotal = minimumTotal;
    updateUseButton();
}

int CapacityPlanView::useTotal() const
{
    if (!m_useAllowed || !m_loader->hasCurrentPlan() || m_loader->plan()->isEmpty())
        return 0;
    return qMax(m_loader->plan()->recommendedLines, m_minimumTotal);
}

void CapacityPlanView::updateChoices()
{
    if (QAbstractButton *b = m_windows->button(int(m_loader->window())))
        b->setChecked(true);
    const QList<double> targets = CapacityPlanLoader::targets();
    for (int i = 0; i < targets.size(); ++i)
        if (qFuzzyCompare(targets.at(i), m_loader->target()))
            m_targets->button(i)->setChecked(true);
}

void CapacityPlanView::updateUseButton()
{
    const int total = useTotal();
    m_use->setVisible(m_useAllowed);
    if (total <= 0) {
        m_use->setEnabled(false);
        m_use->setText(tr("Use the recommendation"));
        return;
    }
    const bool same = total == m_loader->plan()->currentLines;
    m_use->setText(tr("Use %1").arg(format::lines(total)));
    m_use->setEnabled(!same);
    m_use->setAccessibleName(tr("Use %1 as the total").arg(format::lines(total)));
    m_use->setToolTip(same ? tr("You have %1 now.").arg(format::lines(total))
                           : tr("Sets the lines you want in total to %1; you review the "
                                "purchase before anything is bought")
                                 .arg(total));
}

void CapacityPlanView::refresh()
{
    updateChoices();
    const CapacityPlanLoader::State state = m_loader->state();
    const bool loading = state == CapacityPlanLoader::State::Loading;
    const bool failed = state == CapacityPlanLoader::State::Failed;
    const std::optional<CapacityPlan> &plan = m_loader->plan();

    m_status->setText(loading ? tr("Working out what more lines would have done…") : QString());
    m_status->setVisible(loading || state == CapacityPlanLoader::State::Idle);
    if (state == CapacityPlanLoader::State::Idle)
        m_status->setText(tr("No plan asked for yet."));
    if (failed)
        m_error->showMessage(
            Notice::Kind::Error,
            tr("<b>No plan.</b> %1")
                .arg(CapacityPlanText::failure(m_loader->error()).toHtmlEscaped()));
    else
        m_error->hide();

    const bool showPlan = plan && !failed;
    const bool empty = showPlan && plan->isEmpty();
    m_empty->setVisible(empty && !loading);
    m_empty->setText(empty ? CapacityPlanText::nothingToPlan(m_loader->planWindow()) : QString());
    m_content->setVisible(showPlan && !empty);
    m_chart->setFaded(loading);
    m_table->setEnabled(!loading);
    m_model->setPlan(showPlan ? plan : std::nullopt);
    m_chart->setPlan(showPlan ? plan : std::nullopt);
    arrangeFigures();
    updateUseButton();
    if (!showPlan || empty)
        return;

    const CapacityPlan &p = *plan;
    const QLocale locale;
    m_summary->setText(tr("<b>%1</b> (%2): %3, %4 with your %5.")
                           .arg(CapacityPlanText::windowName(m_loader->planWindow()),
                                timeRange(p.from, p.to),
                                CapacityPlanText::calls(p.attempts, locale),
                                p.blocked == 0 ? tr("none blocked")
                                               : tr("%1 blocked").arg(locale.toString(p.blocked)),
                                format::lines(p.currentLines)));
    m_recommendation->setText(CapacityPlanText::recommendation(p, locale));
    const CapacityPlan::BusyHour &h = p.busyHour;
    m_busyHour->setText(
        tr("<b>Busiest hour</b> %1: %2 (%3 blocked), mean call %4, so %5 Erlangs offered "
           "(calls × mean length ÷ the hour).")
            .arg(timeRange(h.start, h.end), CapacityPlanText::calls(h.attempts, locale),
                 locale.toString(h.blocked), CapacityPlanText::duration(h.meanHoldSeconds, locale),
                 erlangs(h.offeredErlangs)));
    const int current = m_model->rowOf(p.currentLines);
    if (current >= 0 && !m_table->selectionModel()->hasSelection())
        m_table->scrollTo(m_model->index(current, 0));
}

} // namespace linedesk::ui
