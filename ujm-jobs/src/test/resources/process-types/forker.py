# Starts two children that sleep for ten minutes with the marker in their command line, then waits.
import json, subprocess, sys, time
json.load(sys.stdin)
children = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", sys.argv[1]]) for _ in range(2)]
print(json.dumps({"progress": {"current": 1, "total": 2, "message": "children started"}}), flush=True)
time.sleep(600)
