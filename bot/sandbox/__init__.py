"""fudao sandbox: the whole assistant in a browser, on the Bot API emulator."""
