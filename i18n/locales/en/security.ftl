input-cleaned = Your message contained invisible control characters; they were removed before it was handled.
input-slow-down = You are sending too fast; please wait a minute. Messages and buttons sent meanwhile are not handled.
import-table-too-inflated = The spreadsheet unpacks to more than { $mb } MB: delete unused rows, columns and sheets, or split it and send the parts.
import-table-too-many-cells = The spreadsheet is too large: at most { $rows } rows and { $cells } cells; delete blank rows and columns or split it.
command-staff = (administrators) offboard: end roles or unbind an account
help-staff = /staff revoke STAFF_ID [role] · /staff unbind STAFF_ID — (administrators) offboard: end roles or unbind a Telegram account
staff-usage = Usage: /staff revoke STAFF_ID [role] (every role when none is given), or /staff unbind STAFF_ID (unbind the Telegram account). Roles: counselor, head_teacher, leader, admin, academic_staff, all.
staff-not-admin = Only administrators can end roles or unbind accounts.
staff-unknown = No staff member with ID “{ $staff_no }” that you can manage.
staff-unknown-role = There is no role “{ $role }”. Roles: counselor, head_teacher, leader, admin, academic_staff, all.
staff-role-all = all
staff-confirm-revoke = <b>Please confirm ending roles</b>: { $who }
    To end: { $roles }. Ending a counselor or head-teacher role also removes their classes; with no role left they lose access at once and their unsent messages are cancelled.
staff-confirm-unbind = <b>Please confirm unbinding</b>: { $who }
    Their Telegram account loses access at once; unused invitation links and unsent messages are cancelled. Roles and classes stay, and a new invitation can be sent.
staff-confirm = ✅ Confirm
staff-cancelled = Cancelled; nothing was changed.
staff-revoked = ✅ Ended { $who }'s roles: { $ended }. Roles now: { $left }. This has been recorded in the audit log.
staff-unbound = ✅ Unbound { $who }'s Telegram account. This has been recorded in the audit log.
staff-was-not-bound = { $who } had no Telegram account bound; unused invitation links were cancelled. This has been recorded in the audit log.
staff-set-bad-date = { $option } must be a date like 2024-09-01, not “{ $text }”
staff-set-bad-type = --type must be “专职” (full-time) or “兼职” (part-time), not “{ $text }”
staff-set-nothing = give at least one of --started, --type or --head-started
staff-set-unknown = no staff member has the staff number { $no }
staff-set-done = { $name } ({ $no }): start date { $started } (was { $before }), { $type }
staff-set-head = head-teacher start { $day }: recorded for the { $classes } classes they lead now
staff-type-True = full-time
staff-type-False = part-time
