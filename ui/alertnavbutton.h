#pragma once

#include <QToolButton>

namespace linedesk::ui {

// The "Alerts" navigation button: a red badge with the number of firing alerts at its right
// end (none while nothing fires).
class AlertNavButton : public QToolButton
{
    Q_OBJECT
public:
    explicit AlertNavButton(QWidget *parent = nullptr);

    void setCount(int count);
    int count() const { return m_count; }
    // The badge's rectangle (empty without a count); tests check it lies inside the button.
    QRect badgeRect() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_count = 0;
};

} // namespace linedesk::ui
