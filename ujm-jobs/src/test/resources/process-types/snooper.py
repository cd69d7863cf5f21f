# Reports what a job can see of the node: a path, the environment, and whether it can write to /.
import json, os, sys
json.load(sys.stdin)
try:
    open("/ujm-was-here", "w")
    writable = True
except OSError:
    writable = False
print(json.dumps({"result": {"exists": os.path.exists(sys.argv[1]), "env": sorted(os.environ), "rootWritable": writable, "pid": os.getpid()}}), flush=True)
