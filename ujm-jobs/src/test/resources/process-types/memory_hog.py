# Allocates 16 MiB at a time until something stops it.
import json, sys
json.load(sys.stdin)
hoard = []
while True:
    hoard.append(bytearray(16 * 1024 * 1024))
    print(json.dumps({"progress": {"current": len(hoard) * 16, "total": 1024, "message": "MiB held"}}), flush=True)
