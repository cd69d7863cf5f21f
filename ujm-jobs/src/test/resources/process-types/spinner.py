# Loops forever on the CPU.
import json, sys
json.load(sys.stdin)
n = 0
while True:
    n += 1
