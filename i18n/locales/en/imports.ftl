# Importing lists by sending a file, and /template
import-not-allowed = Only college administrators can import lists by sending a file (college leaders may also send the academic-warning list).
import-kind-not-allowed = Only college administrators can import the { $kind }.
import-rejected = “{ $name }” has { $count } errors; nothing was changed. Please correct them and send it again:
import-preview = “{ $name }” is a <b>{ $kind }</b> and passed every check. Confirming will:
import-done = “{ $name }” imported:
import-told = { $count } teachers were told.
import-notice-more = …and { $count } more students not listed.
import-kind-roster = student roster
import-kind-warnings = academic-warning list
import-kind-concerns = key-concern list
import-kind-indicators = class indicators
import-kind-fitness = fitness-test turnout
import-kind-course_failures = course failure rates
import-summary-roster =
    { $new_students } new students, { $updated_students } updated
    { $new_staff } new staff, { $updated_staff } updated
    { $new_classes } new classes, { $new_colleges } new colleges
    head teacher changed for { $head_teacher_changes } classes, { $counselor_changes } counselor assignments changed
import-summary-warnings = { $students } students on academic warning ({ $terms }), { $flagged } newly flagged; { $joined } joined the term's list{ $joined ->
    [0] {""}
   *[other] : { $joined_names }
}; { $left } left it{ $left ->
    [0] {""}
   *[other] : { $left_names }
}; { $teachers } counselors and head teachers concerned
import-summary-concerns = { $students } key-concern students: { $added } added, { $changed } updated
import-summary-indicators = indicators of { $classes } classes ({ $years }): { $added } added, { $changed } updated
import-summary-fitness = fitness-test turnout of { $counselors } counselors: { $added } added, { $changed } updated
import-summary-course_failures = failure rates of { $courses } courses ({ $terms }): { $added } added, { $removed } left the term's list
import-warning-notice =
    <b>Academic warning</b>: { $count } students of your { $role ->
        [counselor] classes
       *[head_teacher] class
    } are on the newly imported academic-warning list:
import-warning-notice-duties = { $role ->
    [counselor] Please talk with their parents before the end of term (C33) and pass the list on to the programme leads and head teachers (C34).
   *[head_teacher] Please talk with each of them one to one (H04) and with their parents before the end of term (H05).
}
template-intro = Here are templates of the { $count } lists you can import. Fill one in and send the file to me (keep the header row; the columns may be in any order).
template-caption = { $kind } template · required columns: { $required }
help-template = /template — (administrators, college leaders) blank templates of the lists; send a filled-in file to import it
import-kind-assessment_counselors = counselor assessment data
import-kind-assessment_head_teachers = head-teacher assessment data
import-summary-assessment_counselors = counselor assessment data for { $year }: { $created } new, { $updated } updated; the results are then recomputed (draft)
import-summary-assessment_head_teachers = head-teacher assessment data for { $year }: { $created } new, { $updated } updated; the results are then recomputed (draft)
import-needs-year = Name the academic year in the file name, like “assessment-2025-2026.xlsx”.

# fudao import on the command line
import-cli-failed = Import failed: { $count } errors; nothing was changed.
import-cli-dry-run = (dry run, nothing written)
import-cli-done = Import complete.
import-cli-year = --year must look like 2025-2026
import-cli-needs-year = Assessment data needs --year, like --year 2025-2026
import-cli-unknown-sender = No staff member has the staff number { $no } (--by)
import-cli-not-this-kind = This file is not the { $kind } but the { $found }.

# Files that cannot be read (TableError)
import-table-old-format = This spreadsheet format cannot be read: in Excel or WPS, use “Save as” .xlsx and send it again.
import-table-encoding = Unknown file encoding: save it as CSV in UTF-8 or GBK, or as Excel (.xlsx).
import-table-broken-xlsx = This Excel file cannot be opened: it may be damaged or not in .xlsx format.
import-table-merged-header = The header (row 1) has merged cells; unmerge them and send it again.
import-table-formula = Cell { $cell } holds a formula; copy and “paste as values” first, then send it again.
import-table-too-big = The file is over 5 MB; please split it and send the parts.
import-table-empty-file = The file is empty.
import-table-unsupported = Only Excel (.xlsx) and CSV files are supported.
import-table-no-content = The file has no content.
import-table-unrecognised = Cannot tell which list this is: the first row must be the header and hold every required column of one of these lists.
import-table-unrecognised-kind = · { $kind }: { $columns }
import-table-unrecognised-template = Send /template for blank templates of every list.

# Row errors (RowError)
import-error-at = Row { $row }, column { $column }: { $message }
import-error-at-header = Row 1 (header): { $message }
import-error-missing-columns = missing columns: { $missing } (the header should be: { $header })
import-error-no-rows = the file has no data rows
import-error-empty = must not be empty
import-error-duplicate = repeats row { $first }
import-error-needs-sender = a key-concern list needs the person who imports it: fudao import concern FILE --by STAFF_NO
import-error-unknown-student = no student with the student number { $no } is on the roster
import-error-other-college-student = { $no } is not a student of your college
import-error-not-positive-integer = “{ $text }” is not a whole number of 1 or more
import-error-bad-term = cannot read “{ $text }”; write it like “2026-2027-1”
import-error-one-of = must be one of { $words }, not “{ $text }”
import-error-unknown-class = there is no class named “{ $name }”
import-error-other-college-class = { $name } is not a class of your college
import-error-bad-year = cannot read “{ $text }”; write it like “2025-2026”
import-error-not-percentage = “{ $text }” is not a percentage between 0 and 100
import-error-not-count = “{ $text }” is not a whole number of 0 or more
import-error-unknown-counselor = no counselor has the staff number { $no }
import-error-not-integer = “{ $text }” is not a whole number
import-error-more-than-students = { $count } is more than the { $size } students this counselor looks after
import-error-unknown-department = no department named “{ $name }”
import-error-ambiguous-department = several colleges have a department “{ $name }”: send the list from that college
import-error-more-than-enrolled = { $count } failures are more than the { $size } students who took the course
import-error-bad-date = cannot read “{ $text }”; write it like “2026-11-02”
import-error-bad-grade = “{ $text }” is not a valid grade (like 2024)
import-error-bad-dorm = cannot read “{ $text }”; write it like “7号楼 312”
import-error-yes-no = must be “是” or “否”, not “{ $text }”
import-error-program-years = 学制 must be a whole number of years from 2 to 8 (3, 4, 5), not “{ $text }”
import-error-pair-missing = { $filled } is filled in but { $empty } is empty
import-error-staff-name-conflict = staff number { $no } is “{ $name }” in row { $first } but “{ $here }” here
import-error-full-time = must be “专职” (full-time) or “兼职” (part-time), empty for 专职, not “{ $text }”
import-error-full-time-conflict = counselor { $no } is marked differently (专职/兼职) in row { $first }
import-error-class-college-conflict = class { $name } belongs to “{ $college }” in row { $first }
import-error-class-grade-conflict = class { $name } is grade { $grade } in row { $first }
import-error-one-head-teacher = class { $name } already has head teacher { $no } in row { $first }; a class has only one
import-error-bad-score = “{ $text }” should be a score from 0 to 100 (at most two decimals)
import-error-not-nonnegative-integer = “{ $text }” should be a whole number of 0 or more
import-error-out-of-range = “{ $text }” should be a number from 0 to { $most }
import-error-yes-or-no = “{ $text }” should be 是 or 否
import-error-not-date = “{ $text }” is not a date; write it like 2023-09-01
import-error-not-number = “{ $text }” is not a number
import-error-duplicate-staff = { $no } repeats row { $first }
import-error-unknown-staff = no staff number { $no } on the roster
import-error-name-mismatch = “{ $text }” does not match { $name }, staff number { $no }
import-error-not-role = { $name } ({ $no }) is not a { $role ->
    [counselor] counselor
   *[head_teacher] head teacher
} on the roster
import-error-no-start-date = must not be empty (the roster has no start date for this person either)
import-error-bad-finding = “{ $text }” should be empty or one of: { $findings }
import-error-published = the { $year } assessment results are published and can no longer be imported
template-file = { $kind } (template).xlsx

# Staff list: 在岗 = 否 ends that person's roles (all, or those in 角色)
import-kind-staff = staff list
import-summary-staff = { $people } staff members, { $leavers } no longer on duty: roles ended for { $ended } (their classes are released and they lose access at once)
import-error-unknown-role = Unknown role “{ $text }”; write counselor, head_teacher, leader, admin, academic_staff or all (or 辅导员、班主任、学院领导、管理员、教务员、全部)

# Start dates, 专兼职 and head-teacher start dates: entered once per person
import-error-start-changed = { $column } of { $name } ({ $no }) changes from { $old } to { $new }
import-error-person-conflict = { $no } has a different value in row { $first }; one per person
import-error-leave-reason = the reason for leaving must be “转岗” (transfer), “辞职” (resigned), “退休” (retired) or “其他” (other), not “{ $text }”
import-error-start-differs = the start date of { $no } is { $written } here but { $stored } on record; correct it here, or first correct the stored one with fudao staff set
import-error-future-date = “{ $text }” has not come yet
# Training records (C29, C30, C31, S07): pre-service training mostly comes before fudao
import-kind-training = training records
import-summary-training = { $records } training records ({ $people } people): { $added } added, the others were imported before
import-error-unknown-trainee = no counselor or head teacher has the staff number { $no }
import-error-bad-hours = hours must be a number from 0.5 to 400, not “{ $text }”
import-error-bad-level = the level must be “校级” (school), “省级” (provincial) or “国家级” (national), not “{ $text }”
import-error-bad-category = the category must be “岗前” (pre-service) or “在岗” (in-service) (required when the person has no start date on record), not “{ $text }”
