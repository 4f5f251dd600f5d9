# Weekly digest (/digest and the Monday 08:00 delivery)
digest-title = <b>📋 { $college }: weekly digest</b>
digest-week = { $start } to { $end }
digest-compliance-title = <b>Quotas</b> (change since last week in brackets)
digest-college-line = <b>College</b> ({ $total } quotas): { $counts }
digest-staff-line = { $person }: { $counts }
digest-staff-rules = ; behind on: { $rules }
digest-count = { $label } { $value }{ $delta }
digest-delta = { " " }({ $delta })
digest-separator = ,{ " " }
digest-list-separator = ,{ " " }
digest-coverage-line = { $person }: { $gaps }
digest-more-in-attachment = … { $count } more; the full list is in the attachment.
digest-rules-more = { " " }and { $count } more
digest-behind-title = <b>The { $count } furthest behind</b>
digest-person = { $name } ({ $roles })
digest-college-total = College total

digest-coverage-title = <b>Students not yet reached ({ $count } people)</b>
digest-coverage-C17 = talks this year { $done }/{ $target }
digest-coverage-C18 = key-concern deep talks this quarter { $done }/{ $target }
digest-coverage-H04 = academic-warning talks this term { $done }/{ $target }
digest-names = { " " }({ $names })
digest-names-more = { " " }and { $count } more

digest-conditions-title = <b>Standing conditions not met</b>
digest-conditions-ok = All standing conditions are met.
digest-condition-S01 = Class { $subject } has no head teacher (S01)
digest-condition-S01-many = Class { $subject } has { $value } head teachers instead of one (S01)
digest-condition-S02 = Counselor { $subject } looks after { $value } students, more than the 1:{ $limit } ratio (S02)
digest-condition-S05 = Head teacher { $subject } leads { $value } classes; the rule is { $limit } natural class (S05)
digest-condition-S06 = Class { $subject } changed head teacher before { $limit } years of service, the minimum term (S06)
digest-condition-S07 = Head teacher { $subject } has no training on record before their start date: trained before the post (S07)
digest-university-title = <b>University-wide conditions not met</b>
digest-condition-S03 = { $value } of the { $total } counselors in post at the start of the academic year have left it ({ $percent }%), more than the { $limit }% limit (S03)

digest-crises-title = <b>Crises this week: { $count }</b> (ask the person who logged it for details)
digest-crisis = { $day } · { $place } · logged by { $staff }
digest-crisis-no-place = no class given
digest-crises-none = No crisis was logged this week.

digest-unregistered = <b>Not registered ({ $count })</b>: { $names }
digest-unreachable = <b>Messages not delivered ({ $count })</b>: { $names }
digest-attachments = The full list is in the attachment: the table, sorted by who is furthest behind, has every person and every rule; the chart follows too.
digest-filename = { $college }-weekly-digest-{ $start }

digest-chart-title = { $college }: quotas ({ $start } to { $end })
digest-chart-staff = Per person ({ $shown })
digest-chart-staff-more = Per person ({ $shown } shown, { $hidden } more in the table)
digest-chart-college = College: this week and last week
digest-chart-this-week = This week
digest-chart-last-week = Last week
digest-chart-empty = No quotas due

digest-xlsx-overview = Overview
digest-xlsx-coverage = Coverage
digest-xlsx-students = Students not reached
digest-xlsx-staff = Staff
digest-xlsx-roles = Roles
digest-xlsx-total = Total
digest-xlsx-last-week = Last week: { $status }
digest-xlsx-rule-id = ID
digest-xlsx-rule = Duty
digest-xlsx-class = Class
digest-xlsx-start = Start
digest-xlsx-end = End
digest-xlsx-target = Target
digest-xlsx-done = Done
digest-xlsx-remaining = Remaining
digest-xlsx-days-left = Days left
digest-xlsx-status = Status
digest-xlsx-period = Period
digest-xlsx-missing = Not reached
digest-xlsx-student-no = Student no.
digest-xlsx-student = Name

digest-refused = The digest is for college leaders and administrators only.
digest-usage = Usage: /digest for this week; /digest 2026-11-09 for the week containing that day. Administrators may add a college name, e.g. /digest 机电工程学院 2026-11-09
digest-future = That week has not started yet; pick today or an earlier day.
digest-unknown-college = No college is called “{ $name }”. Choose from: { $names }
digest-choose-college = Please name a college, e.g. /digest { $example }. Choose from: { $names }
digest-other-college = You can read the digest of your own college ({ $college }) only.
digest-no-college = Your account is not linked to a college; please ask an administrator.
digest-caption = { $college } { $start } to { $end }
command-digest = College weekly digest

digest-period-week = This week
digest-period-month = This month
digest-period-quarter = This quarter
digest-period-term = This term
digest-period-spring_term = This spring term
digest-period-year = This academic year
digest-period-five_years = Within 5 years
digest-period-once = Before starting
digest-grade = Year { $grade }
help-digest = /digest [date] — the college's weekly digest (leaders and admins; admins may add a college name)
digest-calendar-ends = ⚠️ The academic calendar ends on { $end }: import the next year with fudao calendar import before then.
digest-holidays-end = ⚠️ Statutory holiday data ends on { $end }: import next year's with fudao calendar import before then.
