# Opens a TCP connection to 127.0.0.1:<port> and reports what it read.
import json, socket, sys
json.load(sys.stdin)
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as s:
    print(json.dumps({"result": {"read": s.recv(100).decode()}}), flush=True)
