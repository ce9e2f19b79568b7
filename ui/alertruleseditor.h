#pragma once

#include "alert.h"
#include "apiclient.h"

#include <QFrame>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace linedesk {
class AlertCenter;
class Session;
} // namespace linedesk

namespace linedesk::ui {

class Notice;

// Alerts → Rules: when the subscription's alerts fire. Admins edit and save (PUT with
// If-Match on the version shown; the service's 400 or 412 is shown here, and a 412 reloads
// the rules); viewers and support see the rules with every control off and a line saying
// why.
class AlertRulesEditor : public QFrame
{
    Q_OBJECT
public:
    AlertRulesEditor(Session *session, AlertCenter *center, QWidget *parent = nullptr);

    // The rules as the controls say (the version they were read at included).
    AlertRules editedRules() const;
    bool isDirty() const;
    bool isSaving() const { return m_saving; }
    // What Save sends (public so a test can send what the controls never allow).
    void submit(const AlertRules &rules);
    Notice *notice() const { return m_notice; }

Q_SIGNALS:
    void saved(const linedesk::AlertRules &rules);

private:
    void load(const AlertRules &rules);
    void saveAnswered(const ApiResult<AlertRules> &r, const QString &subscriptionId);
    void updateState();
    void rulesChanged();

    Session *m_session;
    AlertCenter *m_center;
    AlertRules m_shown; // the rules the controls were last loaded from
    bool m_saving = false;
    bool m_loading = false;

    QCheckBox *m_nearCheck;
    QSpinBox *m_nearPercent;
    QSpinBox *m_nearSeconds;
    QLabel *m_nearThreshold;
    QCheckBox *m_blockedCheck;
    QLabel *m_blockedDetail;
    QCheckBox *m_renewalCheck;
    QSpinBox *m_renewalDays;
    QLabel *m_renewalDetail;
    QCheckBox *m_frozenCheck;
    QLabel *m_roleNote;
    QLabel *m_updated;
    Notice *m_notice;
    QPushButton *m_defaults;
    QPushButton *m_revert;
    QPushButton *m_save;
};

} // namespace linedesk::ui
