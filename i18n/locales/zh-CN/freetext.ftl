# Free-text logging (issue 16): a sentence becomes the /log card, saved only on 确认.
freetext-nothing = 没有从这句话中识别出要记录的工作。发送 /log 按步骤记录，或 /help 查看全部命令。
freetext-which = 有多名学生叫“{ $name }”，请选择是哪一位：
freetext-crisis-seen = 这句话里出现了危机相关的词（如自伤、轻生、失联），请明确选择是否属于危机情况。
button-change = 改{ $field }
