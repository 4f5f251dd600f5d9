## Nudges, period summaries, escalation, crisis alerts, follow-ups and /away.

nudge-header = 📋 <b>Reminders</b>
nudge-log = Log { $rule }
nudge-snooze = Remind me tomorrow
nudge-mute = Not this period
nudge-snoozed = OK, I will remind you of “{ $rule }” tomorrow.
nudge-muted = OK, no more reminders of “{ $rule }” this period.

closed-month = Last month
closed-quarter = Last quarter
closed-term = Last term
closed-spring_term = Last spring term
closed-year = Last academic year
close-title = 📊 <b>{ $period }: summary</b> ({ $span })
close-college-title = 📊 <b>{ $period }: college summary</b> ({ $span })
close-tally = { $met } met, { $missed } missed
close-missed = { $rule } ({ $id }): { $done }/{ $target }
close-college-person = • { $name }: { $missed } missed
escalate-text = ⚠️ <b>Missed twice in a row</b>: { $name } missed “{ $rule }” ({ $id }) in two consecutive periods.

crisis-title = 🚨 <b>Crisis alert</b>
crisis-repeat = 🚨 <b>Crisis alert (not yet acknowledged)</b>
crisis-who = Logged by { $name } at { $time }
crisis-class = Class: { $cls }
crisis-students = Student: { $names }
crisis-ack = Acknowledged
crisis-acked = ✅ { $name } acknowledged the crisis you logged.
crisis-ack-done = Acknowledged; the alert stops repeating.
crisis-ack-already = Someone has already acknowledged this alert.

followup-header = 🔔 <b>Follow-ups today</b>
followup-line = • { $kind } ({ $day }): { $names }
followup-talk = Talk with { $name }

help-away = /away FROM [TO] — days away (leave, travel): no reminders then
help-assess = /assess — annual assessment: your result, self-evaluation and report draft (leaders: the college)
command-away = Away (no reminders)
away-usage = Usage: /away FROM [TO], e.g. /away 12-01 12-05; /away to list; /away clear to cancel.
away-order = The end is before the start.
away-too-long = At most 180 days at a time.
away-set = Away from { $start } to { $end }: no reminders on those days.
away-cleared = Cancelled your away days from today on.
away-none = No away days set.
away-title = Away:
