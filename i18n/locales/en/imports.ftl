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
import-summary-roster =
    { $new_students } new students, { $updated_students } updated
    { $new_staff } new staff, { $updated_staff } updated
    { $new_classes } new classes, { $new_colleges } new colleges
    head teacher changed for { $head_teacher_changes } classes, { $counselor_changes } counselor assignments changed
import-summary-warnings = { $students } students on academic warning ({ $terms }), { $flagged } newly flagged; { $teachers } counselors and head teachers concerned
import-summary-concerns = { $students } key-concern students: { $added } added, { $changed } updated
import-summary-indicators = indicators of { $classes } classes ({ $years }): { $added } added, { $changed } updated
import-summary-fitness = fitness-test turnout of { $counselors } counselors: { $added } added, { $changed } updated
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
