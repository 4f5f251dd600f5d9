# General
access-ask-admin = Hello! This assistant is for registered counselors, head teachers and college leaders. Please ask your college administrator for an invitation link.
error-internal = Sorry, something went wrong and has been logged. Nothing you confirmed is lost; please try again later.
unknown-input = I did not understand that. Send /log to record work, /me to see your progress, /help for all commands.
error-button-stale = This button has expired; please start again.
form-step-gone = That step is already behind you.

role-counselor = counselor
role-head_teacher = head teacher
role-leader = college leader
role-admin = administrator
role-none = no role

start-welcome = Welcome, { $name }! You are registered as { $roles }{ $college }.
start-pre-service = Pre-service training: a new counselor takes at least { $target } hours of training before starting ({ $article }). { $done } hours are logged so far; only hours dated on or before your first day count. Log the training you took with /log.
start-college = {" "}({ $college })
help-title = <b>Commands</b>
help-log = /log — record a piece of work (talk, dorm visit, class meeting…)
help-shortcuts = /talk ID [date] [note], /dorm building room [date] [note], /meeting class [date] [theme] — one-line logging
help-me = /me — your progress this week, month, term and year
help-cancel = /cancel — cancel what you are doing
help-lang = /lang zh — 切换为中文

lang-usage = Usage: /lang zh (中文) or /lang en (English)
lang-set = Language set to English.

command-log = Record a piece of work
command-talk = Quick talk record
command-dorm = Quick dorm visit record
command-meeting = Quick class meeting record
command-me = My progress
command-history = My latest records
command-help = Help
command-cancel = Cancel
command-lang = Language

log-nothing-for-role = Your role has nothing to record here yet.
log-choose-kind = What would you like to record?
log-saved = Saved.
log-cancelled = Cancelled; nothing was saved.
log-timeout = No activity for 10 minutes, so this record was cancelled and nothing was saved. Send /log to start again.
confirm-title = Please check and confirm:
confirm-use-buttons = Please press “Confirm” or “Cancel”.
value-skipped = (none)

button-confirm = ✅ Confirm
button-back = ⬅️ Back
button-cancel = ✖️ Cancel
button-skip = Skip
button-done = Done

date-today = Today
date-yesterday = Yesterday
date-before = 2 days ago
answer-yes = Yes
answer-no = No

prompt-student = Type the student's ID, or part of the name:
prompt-class = Choose a class, or type its name:
prompt-dorm = Choose a dorm room, or type building and room (e.g. 7号楼 312):
prompt-date = Choose the date, or type it (e.g. 3-12, 2026-03-12):
prompt-choice = Choose:
prompt-text = Type it:
prompt-number = Type a number:
prompt-note = Type a note (up to 2,000 characters), or press “Skip”:
prompt-bool = Choose:
prompt-talk-subtype = Type of talk:
prompt-talk-follow_up_on = Follow up? Type a follow-up date, or press “Skip”:
prompt-talk-crisis = Is this a crisis? (“Yes” alerts the college leaders at once)
prompt-dorm_visit-findings = Findings (choose any, then press “Done”):
prompt-dorm_visit-crisis = Is this a crisis? (“Yes” alerts the college leaders at once)
prompt-class_meeting-subtype = Type of activity:
prompt-class_meeting-theme = Type the theme of the meeting or activity:
prompt-class_meeting-attendance = Attendance (optional):

field-student = Student
field-class = Class
field-dorm = Dorm
field-subtype = Type
field-theme = Theme
field-occurred_on = Date
field-note = Note
field-follow_up_on = Follow-up
field-crisis = Crisis
field-findings = Findings
field-attendance = Attendance
field-hours = Hours

student-pick = Several students match; choose one:
student-too-many = (only the first { $limit } are shown; type more of the name or the ID)
class-pick = Several classes match; choose one:

error-empty-text = This cannot be empty; please type it again.
error-text-too-long = Too long: at most { $limit } characters, you sent { $length }. Please shorten it and send again.
error-date-invalid = That day does not exist; please type the date again.
error-date-unreadable = I cannot read that date. Use 2026-03-12, 3-12, 3月12日, today or yesterday.
error-date-future = The date cannot be after today; please type it again.
error-date-too-old = Only work from the last 30 days can be added; please type another date, or ask your administrator.
error-date-not-future = A follow-up date must be after today.
error-date-too-far = A follow-up date must be within a year.
error-number = Please type a number from { $low } to { $high }.
error-dorm-unreadable = I cannot read that room; type building and room, e.g. 7号楼 312.
error-use-buttons = Please choose with the buttons below.
error-choose-one = Choose at least one, then press “Done”.
error-student-unknown = No student with ID or name “{ $query }”; please check and type again.
error-student-not-yours = Student “{ $query }” is not in your classes, so you cannot log this. Check the ID, or ask the administrator.
error-class-not-yours = “{ $query }” is not one of your classes; please choose a button.

shortcut-ambiguous = “{ $query }” matches several students; type the full ID, or use /log.
shortcut-usage-talk = Usage: /talk ID [date] [note], e.g. /talk 2024001 yesterday study plan
shortcut-usage-dorm_visit = Usage: /dorm building room [date] [note], e.g. /dorm 7号楼 312 today
shortcut-usage-class_meeting = Usage: /meeting class [date] [theme], e.g. /meeting 机械2401班 3-12 exam honesty

period-week = This week:{" "}
period-month = This month:{" "}
period-quarter = This quarter:{" "}
period-term = This term:{" "}
period-spring_term = This spring term:{" "}
period-year = This academic year:{" "}
period-five_years = Within 5 years:{" "}
period-once = Before starting:{" "}
progress-count = { $period }{ $rule } { $done }/{ $target }
progress-count-class = { $period }{ $cls } { $rule } { $done }/{ $target }
progress-hours = { $period }{ $rule } { $done }/{ $target } hours
progress-trips = { $period }{ $rule } { $done }/{ $target } visits
progress-percent = { $period }{ $rule } { $done }% (target { $target }%)
progress-coverage = { $period }{ $rule } covers { $done }/{ $target } students
progress-left = {" "}({ $remaining } to go, { $days } days left)
progress-left-due = {" "}({ $remaining } to go, due { $end }, { $days } days left)
progress-left-until = {" "}({ $remaining } to go, due { $end })
progress-due = {" "}(due { $end }, { $days } days left)
progress-until = {" "}(due { $end })
status-met = met
status-on_track = on track
status-at_risk = at risk
status-behind = behind
status-missed = missed
status-not_applicable = not applicable

me-title = <b>Progress of { $name }</b>
me-nothing = You have no quotas right now.
me-urgent-title = Needs action ({ $count }, most urgent first):
me-urgent-more = { $count } more need action; see "Show all".
me-urgent-none = Nothing is behind or at risk.
me-rest = The other { $count } are on track ({ $met } done).
me-all-button = Show all
me-missing-button = { $count } students not yet covered by { $rule }
me-missing-title = Students not yet covered by { $rule } ({ $count }); tap a name to log a talk:
me-missing-more = { $count } more not shown; log them with /talk ID.
me-missing-none = Everyone is covered.

history-empty = You have no records yet. Send /log to start.
history-title = <b>Your last { $count } records</b>
history-undo = ↩️ Undo the newest
history-undone = Undone: { $day } { $kind }. This is recorded in the audit log.
history-undo-refused = Cannot undo: only the newest record, within 24 hours, can be undone.

menu-students = Students
menu-dorms = Dorms
menu-classes = Classes
kind-talk = Talk with a student
kind-dorm_visit = Dorm visit
kind-class_meeting = Class meeting / activity
option-general = General talk
option-deep = In-depth talk
option-academic_help = Academic support
option-key_concern_deep = Key-concern in-depth talk
option-cadre_talk = Talk with a student cadre
option-normal = All normal
option-appliance = Banned appliances
option-hygiene = Hygiene problems
option-absent_night = Absent overnight
option-other = Other
option-theme_meeting = Theme class meeting
option-league_life = League branch meeting
option-collective_activity = Class collective activity
option-study_exchange = Study experience exchange meeting
option-study_method = Study methods meeting

upload-too-big = The file is over 5 MB; please split it and send the parts.
upload-more-errors = …and { $count } more errors not listed.
upload-confirm = ✅ Import
upload-cancelled = Import cancelled; nothing was changed.

todo-title = <b>Most urgent</b> (furthest behind pace first):
todo-nothing = Nothing is behind right now. Keep it up!
todo-log = Log: { $rule }
rules-title = <b>{ $count } duties apply to you</b> (IDs match the regulations):
rules-target = { $period }at least { $target }
rules-college-choice = (a "regular" duty: the number is the college's choice)
rules-nothing = No quotas apply to you right now.
rules-vacation-pause = (paused in vacations)
rules-all-year = (vacations included)
rules-exam-pause = (not in exam weeks)
rules-local-pass-line = Annual assessment: a total below { $line } is 基本合格 (not set by the university's documents; a local choice).
command-todo = My 5 most urgent duties
command-rules = The duties that apply to me
help-todo = /todo — your 5 most urgent duties; /rules — every duty that applies to you, with its article
