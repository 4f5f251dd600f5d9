# Annual assessment (/assess, fudao assess)
command-assess = Annual assessment results
assess-grade-excellent = Excellent
assess-grade-qualified = Qualified
assess-grade-basically_qualified = Basically qualified
assess-grade-unqualified = Unqualified
assess-grade-not_graded = Reviewed, not graded
assess-grade-pending = Cannot be graded yet
assess-grade-none = —

assess-why-A02-participation = { $participants } students took part, under 50% of the { $roster } on the roster: the student evaluation is void and must be re-run before a grade is possible (A02, U 考核 第六条(二))
assess-why-A04-new_in_post = A counselor since { $since }: under one year by the end of the year, so reviewed but not graded (A04, U 考核 第七条(一))
assess-why-A04-seconded = Seconded: only { $months } months in the post this year, under 5, so reviewed but not graded (A04, U 考核 第七条(一))
assess-why-A04-part_time = Part-time: reviewed by these rules for reference, not graded and not counted in the Excellent base (A04, U 考核 第三条)
assess-why-A04-leave = { $months } months of leave, over 5, so reviewed but not graded (A04, U 考核 第七条(一))
assess-why-A06-finding = Finding entered by the college: { $finding }; the grade is Unqualified (A06, U 考核 第七条(三))
assess-why-A06-student_score = Student score { $score }, below 60; the grade is Unqualified (A06, U 考核 第七条(三))
assess-why-A03-excellent = Among the highest totals of those eligible, within the places: { $graded } graded { $scope ->
    [university] across the university
   *[college] in the college
}, Excellent at most 15%, i.e. { $cap } (A03, U 考核 第七条)
assess-why-A03-below_line = Total below { $line }: Basically qualified (a local line: the university's documents set none) (A03, U 考核 第七条)
assess-why-A03-over_cap = Total at least { $line }: Qualified; the { $cap } Excellent places (15% of { $graded }, rounded down) went to higher totals { $scope ->
    [university] across the university
   *[college] in the college
}{ $taken ->
    [0] {""}
   *[other] ({ $taken } of them Excellent in published colleges: a publication is final)
} (A03, U 考核 第七条)
assess-why-A03-final = The college has published: the result is final and is not graded again (A03, U 考核 第七条)
assess-why-A03-tie = Tied with others at the boundary of the Excellent places; to stay within { $cap }, all tied are left out: Qualified (A03, U 考核 第七条)
assess-why-A05-limited = A circumstance rules out Excellent: Qualified (A05, U 考核 第七条(二))
assess-why-A08-excellent = Among the highest head-teacher scores { $scope ->
    [university] in the university
   *[college] in the college
}, within the places: { $graded } head teachers, Excellent at most 15%, i.e. { $cap } (A08, U 班主任 第十二条)
assess-why-A08-below_line = College score below { $line }: Basically qualified (a local line: the university's documents set none; A08, U 班主任 第十二条)
assess-why-A08-over_cap = Score at least { $line }: Qualified; the { $cap } Excellent places went to higher scores (A08, U 班主任 第十二条)
assess-why-A08-tie = Tied at the boundary of the Excellent places; to stay within { $cap }, all tied are left out (A08, U 班主任 第十二条)
assess-why-A08-aid_error = A major error in hardship or aid work rules out Excellent: Qualified (A08, U 班主任 第十四条)
assess-why-A08-head_fail = College score below { $fail }: Unqualified (a local line: the university's documents set none; A08)
assess-limit-A05-missed_training = unexcused absence from training or meetings
assess-limit-A05-missed_duty = unexcused absence from duty or special tasks
assess-limit-A05-days_away = { $days } days away from the post this year ({ $limit } days or more rules out Excellent)
assess-limit-A05-punished = { $punished }/{ $roster } students punished with 记过 or worse, over 2%
assess-limit-A08-aid_error = major error in aid work, not Excellent
assess-outcome-reminder_talk = a reminder talk with the college and the student-affairs office
assess-outcome-no_title_promotion_next_year = no title promotion next year
assess-outcome-removed_from_post = removed from the counselor post
assess-outcome-not_renewed = not renewed as head teacher

assess-rule-A01 = Total = self × { $self }% + students × { $students }% + head teachers × { $head }% + college × { $college }% (panel { $panel }% / peer { $peer }%) + department × { $department }%, to two decimals
assess-rule-A02 = The student evaluation counts only when at least { $percent }% of the counselor's students took part; otherwise it must be re-run before grading
assess-rule-A03 = Grades Excellent, Qualified, Basically qualified, Unqualified; Excellent at most { $percent }% of those graded { $scope ->
    [university] in the university
   *[college] in the college
} (rounded down), highest totals first, ties at the boundary all left out; total below { $line } is Basically qualified (a local line: the university's documents set none)
assess-rule-A04 = Reviewed but not graded: under one year as counselor; seconded with under 5 months in the post; leave over 5 months; part-time counselors are reviewed for reference
assess-rule-A05 = Not Excellent: unexcused absence from training or meetings; unexcused absence from duty; { $days } days or more away from the post; over { $percent }% of students punished with 记过 or worse
assess-rule-A06 = Unqualified: student score below { $below }, or a finding entered by the college (political, neglect of duty, major safety incident, unfair awards or aid, disciplinary or criminal punishment, failed ethics review)
assess-rule-A07 = Basically qualified: reminder talk, no title promotion next year; Unqualified: removed from the post
assess-rule-A08 = Head teachers are assessed per academic year, in the { $term ->
    [spring] spring
   *[autumn] autumn
} term; graded within their college, Excellent at most { $percent }% of its head teachers on the roster (listed or not); a major error in aid work rules out Excellent; a score below { $fail } is Unqualified (a local line: the university's documents set none), and Unqualified are not renewed
assess-rule-A09 = Head teachers' class indicators (fail rate, further study, employment, double certificates, CET pass rate, awards) are part of the assessment; weight: { $weight ->
    [0] not yet set by the college
   *[other] { $weight }% (the college counts it in its score)
}
assess-rule-evidence = Quota compliance: the share of the year's closed rule-periods that were met, shown as evidence for the department score, never added to it

assess-places = { $graded } graded across the university, { $cap } Excellent places (15%, rounded down); { $taken } already final in published colleges, { $left } left for the colleges not yet published (A03, U 考核 第七条).
assess-summary-heads-when = Head teachers are assessed in the { $term ->
    [spring] spring
   *[autumn] autumn
} term (U 班主任 第十二条); the Excellent places count the college's { $base } head teachers on the roster.
assess-col-staff-no = Staff no.
assess-col-name = Name
assess-col-self = Self
assess-col-students = Students
assess-col-participants = Took part/roster
assess-col-head = Head teachers
assess-col-panel = College panel
assess-col-peer = Peer review
assess-col-department = Department
assess-col-total = Total
assess-col-grade = Grade
assess-col-rule = Rule
assess-col-why = Why
assess-col-limits = Other circumstances
assess-col-outcome = Consequences
assess-col-quota = Quota compliance
assess-col-missed = Missed quotas
assess-col-score = College score
assess-col-aid = Major aid error
assess-col-class = Class
assess-col-fail-rate = Fail rate
assess-col-postgraduate = Further study
assess-col-employment = Employment
assess-col-dual = Double certificate
assess-col-cet = CET pass rate
assess-col-awards = Awards
assess-col-rule-id = ID
assess-col-article = Article
assess-col-text = Rule
assess-sheet-counselors = Counselors
assess-sheet-head-teachers = Head teachers
assess-sheet-quota-rules = Quota rules
assess-col-asks = Asks
assess-col-window = Window
assess-col-whose = Number
assess-col-note = Note
assess-sheet-rules = Rules applied
assess-yes = yes
assess-no = no
assess-quota = { $met }/{ $total } ({ $percent }%)
assess-quota-none = no closed rule-periods
assess-missed-item = { $rule } { $title } ({ $start }–{ $end }, { $done }/{ $target })

assess-title = <b>📑 { $college }: assessment { $year }</b> ({ $state })
assess-state-draft = draft, not published
assess-state-published = published
assess-summary-counts = Counselors { $counselors }: { $counts }
assess-summary-heads = Head teachers { $heads }: { $counts }
assess-summary-count = { $grade } { $n }
assess-summary-separator = , 
assess-summary-pending = ⚠️ Cannot be graded (under 50% of students took part; re-run the student evaluation): { $names }
assess-summary-talks = Reminder talks to arrange (Basically qualified, college leader and the person): { $names }
assess-summary-removals = Must leave the counselor post (Unqualified): { $names }
assess-summary-not-renewed = Not to be renewed as head teacher (Unqualified): { $names }
assess-summary-file = The full table (counselors, head teachers, rules) is attached.
assess-summary-publish = When it is right, tap “Publish”: the results are then locked and everybody is told their own.
assess-button-publish = Publish
assess-published = ✅ Published the { $year } assessment of { $college }; { $count } people were told.
assess-publish-pending = Some cannot be graded yet ({ $names }): re-run the student evaluation and re-import before publishing.
assess-already-published = The results of this year are published and cannot change.
assess-none = No assessment data for { $year } yet.
assess-none-college = No assessment data of { $college } for { $year } yet.
assess-usage = Usage: /assess [year, like 2025-2026]
assess-other-college = You can only see your own college's ({ $college }) results.

assess-own-title = <b>📑 Assessment { $year }: { $name }</b>
assess-own-grade = Grade: <b>{ $grade }</b>
assess-own-total = Total: { $total }
assess-own-score = College score: { $score }
assess-own-why = Why: { $why }
assess-own-limits = Other circumstances: { $limits }
assess-own-outcome = Consequences: { $outcome }
assess-own-quota = Quota compliance (evidence for the department score): { $quota }
assess-own-draft = The results of this year are not published yet; you will be told.
assess-own-none = You have no assessment result for { $year }.
assess-own-self = Your self-evaluation: { $score }
assess-own-offer = You can give your self-evaluation score and a short statement here, or get a draft of your annual report.
assess-button-self = Self-evaluation
assess-button-report = Draft annual report
assess-self-ask = Send your score (0–100) and a short statement, like <code>92 This year I …</code> (/cancel to stop)
assess-self-bad = Start with a score from 0 to 100, like <code>92 This year …</code>
assess-self-too-long = Please keep the statement under 500 characters.
assess-self-saved = ✅ Self-evaluation saved: { $score }. You can change it until the results are published.
assess-self-locked = The results are published; the self-evaluation cannot change.
assess-self-cancelled = Cancelled.
assess-notify = <b>📑 The { $year } assessment is published</b>
assess-notify-talk = The college will hold a reminder talk with you.

assess-report-title = <b>Annual report { $year } (draft): { $name }</b>
assess-report-intro = Made from your records in fudao; check and complete it before use.
assess-report-quota = 1. Duties: { $met } of the year's { $total } closed rule-periods met.
assess-report-met = Met: { $items }
assess-report-met-item = { $title } ({ $count } periods)
assess-report-missed = Missed: { $items }
assess-report-kinds = 2. Records: { $items }
assess-report-kind = { $kind } { $count }
assess-report-coverage = 3. Students reached: { $reached }/{ $roster } on the roster.
assess-report-crises = 4. Crises handled: { $count }.
assess-report-none = none
assess-report-separator = ; 

assess-talk-header = <b>📌 Assessment { $year }: reminder talks to hold</b> (A07, U 考核 第八条: the college and the student-affairs office talk with each Basically qualified person)
assess-talk-item = · { $name }
assess-col-statement = Self-evaluation statement
