# Starts children until the system refuses one.
import json, subprocess, sys
json.load(sys.stdin)
children = [subprocess.Popen(["sleep", "30"]) for _ in range(50)]
