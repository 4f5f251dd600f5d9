input-cleaned = 您发送的内容中有不可见的控制字符，已删除后再处理。
input-slow-down = 您发送得太快了，请稍等一分钟再继续。这期间的消息和按钮不会被处理。
import-table-too-inflated = 表格解压后超过 { $mb } MB，内容过多：请删除多余的行、列和工作表，或拆分后分批发送。
import-table-too-many-cells = 表格过大：最多 { $rows } 行、{ $cells } 个单元格，请删除空白行列或拆分后分批发送。
command-staff = （管理员）离岗：撤销角色或解绑账号
help-staff = /staff revoke 工号 [角色] · /staff unbind 工号 — （管理员）离岗：撤销角色或解绑 Telegram 账号
staff-usage = 用法：/staff revoke 工号 [角色]（不写角色则撤销全部角色），或 /staff unbind 工号（解绑 Telegram 账号）。角色可写：辅导员、班主任、学院领导、管理员、教务员、全部。
staff-not-admin = 只有管理员可以撤销角色或解绑账号。
staff-unknown = 没有找到您可以管理的工号“{ $staff_no }”。
staff-unknown-role = 没有名为“{ $role }”的角色。可写：辅导员、班主任、学院领导、管理员、教务员、全部。
staff-role-all = 全部
staff-confirm-revoke = <b>请确认撤销角色</b>：{ $who }
    将结束：{ $roles }。结束辅导员或班主任角色会同时解除其班级分工；不再有任何角色时，对方立即无法使用本助手，未发送的消息将取消。
staff-confirm-unbind = <b>请确认解绑</b>：{ $who }
    对方的 Telegram 账号将立即无法使用本助手，未使用的邀请链接和未发送的消息将取消。角色和班级分工保持不变，可重新发送邀请链接。
staff-confirm = ✅ 确认
staff-cancelled = 已取消，未作任何更改。
staff-revoked = ✅ 已撤销 { $who } 的角色：{ $ended }。现有角色：{ $left }。此操作已记入审计日志。
staff-unbound = ✅ 已解绑 { $who } 的 Telegram 账号。此操作已记入审计日志。
staff-was-not-bound = { $who } 尚未绑定 Telegram 账号；未使用的邀请链接已取消。此操作已记入审计日志。
staff-set-bad-date = { $option } 应为日期，如 2024-09-01，而不是“{ $text }”
staff-set-bad-type = --type 只能是“专职”或“兼职”，而不是“{ $text }”
staff-set-nothing = 请至少给出 --started、--type 或 --head-started 之一
staff-set-unknown = 没有工号为 { $no } 的教职工
staff-set-done = { $name }（{ $no }）：任职起始日期 { $started }（原为 { $before }），{ $type }
staff-set-head = 班主任起始日期 { $day }：已记入其现任的 { $classes } 个班级
staff-type-True = 专职
staff-type-False = 兼职
