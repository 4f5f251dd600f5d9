input-cleaned = 您发送的内容中有不可见的控制字符，已删除后再处理。
input-slow-down = 您发送得太快了，请稍等一分钟再继续。这期间的消息和按钮不会被处理。
import-table-too-inflated = 表格解压后超过 { $mb } MB，内容过多：请删除多余的行、列和工作表，或拆分后分批发送。
import-table-too-many-cells = 表格过大：最多 { $rows } 行、{ $cells } 个单元格，请删除空白行列或拆分后分批发送。
