input-cleaned = Your message contained invisible control characters; they were removed before it was handled.
input-slow-down = You are sending too fast; please wait a minute. Messages and buttons sent meanwhile are not handled.
import-table-too-inflated = The spreadsheet unpacks to more than { $mb } MB: delete unused rows, columns and sheets, or split it and send the parts.
import-table-too-many-cells = The spreadsheet is too large: at most { $rows } rows and { $cells } cells; delete blank rows and columns or split it.
