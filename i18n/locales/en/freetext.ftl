# Free-text logging (issue 16): a sentence becomes the /log card, saved only on Confirm.
freetext-nothing = I found no work to record in that. Send /log to record it step by step, or /help for all commands.
freetext-which = Several of your students are called “{ $name }”; which one?
freetext-crisis-seen = The message mentions a crisis word (self-harm, suicide, missing…); please say explicitly whether this is a crisis.
button-change = Change { $field }
