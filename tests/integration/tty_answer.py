#!/usr/bin/env python3
"""tty_answer.py ANSWER COMMAND...: run COMMAND with a terminal (a pty) as
its stdin and type ANSWER and Enter there, as a person at a prompt would.
Its stdout and stderr pass through; its exit status is this one's."""
import os
import pty
import subprocess
import sys

master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[2:], stdin=slave)
os.close(slave)
os.write(master, (sys.argv[1] + "\n").encode())
rc = p.wait(timeout=120)
os.close(master)
sys.exit(rc)
