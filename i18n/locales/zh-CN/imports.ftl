# 通过发送文件导入名单，以及 /template
import-not-allowed = 只有学院管理员可以通过发送文件导入名单（学业预警名单也可由学院领导发送）。
import-kind-not-allowed = 只有学院管理员可以导入{ $kind }。
import-rejected = 《{ $name }》有 { $count } 处错误，未做任何修改。请改正后重新发送：
import-preview = 《{ $name }》识别为<b>{ $kind }</b>，检查通过。确认导入后将：
import-done = 《{ $name }》已导入：
import-told = 已通知 { $count } 位老师。
import-notice-more = ……另有 { $count } 名学生未列出。
import-kind-roster = 学生名单
import-kind-warnings = 学业预警名单
import-kind-concerns = 重点关注名单
import-kind-indicators = 班级指标
import-kind-fitness = 体质测试参测情况
import-summary-roster =
    新增 { $new_students } 名学生，更新 { $updated_students } 名
    新增 { $new_staff } 名教师，更新 { $updated_staff } 名
    新增 { $new_classes } 个班级、{ $new_colleges } 个学院
    班主任变更 { $head_teacher_changes } 个班，辅导员分工变更 { $counselor_changes } 处
import-summary-warnings = 学业预警 { $students } 名学生（{ $terms }），其中新标记 { $flagged } 名；涉及 { $teachers } 位辅导员、班主任
import-summary-concerns = 重点关注 { $students } 名学生：新增 { $added } 名，更新 { $changed } 名
import-summary-indicators = { $classes } 个班级的指标（{ $years }）：新增 { $added } 条，更新 { $changed } 条
import-summary-fitness = { $counselors } 位辅导员的体质测试参测人数：新增 { $added } 条，更新 { $changed } 条
import-warning-notice =
    <b>学业预警</b>：您{ $role ->
        [counselor] 所带班级
       *[head_teacher] 的班级
    }有 { $count } 名学生在新导入的学业预警名单上：
import-warning-notice-duties = { $role ->
    [counselor] 请在期末前与这些学生的家长沟通（C33），并将名单反馈专业负责人和班主任（C34）。
   *[head_teacher] 请与这些学生一对一面谈（H04），并在期末前与其家长沟通（H05）。
}
template-intro = 以下是您可以导入的 { $count } 种名单的模板。填好后直接把文件发给我即可（第一行表头不要改动，列的顺序可以调整）。
template-caption = { $kind }模板 · 必填列：{ $required }
help-template = /template — （管理员、学院领导）下载各类名单的导入模板；填好后把文件发给我即可导入
