#!/usr/bin/env python3
"""A UJM process job in Python: counts the words of each line it is given.

UJM writes {"jobId", "attempt", "payload", "checkpoint"} as JSON on standard input and reads one JSON
object per line from standard output: {"progress": ...}, {"checkpoint": ...} and {"result": ...}.
A job resumed after a crash gets its last checkpoint back and continues from there.
"""
import json
import sys


def say(**message):
    print(json.dumps(message), flush=True)


job = json.load(sys.stdin)
lines = job["payload"]["lines"]
state = job["checkpoint"] or {"done": 0, "words": 0}

for i in range(state["done"], len(lines)):
    state["words"] += len(lines[i].split())
    state["done"] = i + 1
    say(progress={"current": state["done"], "total": len(lines), "message": f"line {i + 1}"})
    if state["done"] % 100 == 0:
        say(checkpoint=state)

say(result={"lines": len(lines), "words": state["words"], "attempt": job["attempt"]})
