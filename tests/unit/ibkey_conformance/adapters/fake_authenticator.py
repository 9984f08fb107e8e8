"""A fake authenticator for the bridge's protocol tests: it answers each method as its JSON config says.

    python fake_authenticator.py '<config>'

config: {"protocol": 1, "record": "<path, one request per line>", "methods": {"<method>": <behaviour>}}
behaviour: {"do": "answer", "result": {...}} (the default, with a canned result), {"do": "hang"},
{"do": "crash", "exit": 3, "stderr": "..."}, {"do": "garbage", "text": "..."}, {"do": "error", "code": "...",
"message": "...", "status": 410}, {"do": "wrong_id"}, {"do": "flood_stderr", "bytes": N} (then answer).
"{pin}" in any text is replaced by the request's PIN, to check that the bridge never shows it.
"""

import json
import sys
import time

CANNED = {
    "check_pin": {},
    "activate": {"username": "alice", "device_serial": "IBK-000000001"},
    "approve": {"state": "complete"},
    "respond": {"response": "12345678"},
    "users": {"users": ["alice"]},
    "bye": {},
}


def main() -> None:
    config = json.loads(sys.argv[1])
    behaviours = config.get("methods", {})
    for line in sys.stdin:
        request = json.loads(line)
        if config.get("record"):
            with open(config["record"], "a", encoding="utf-8") as record:
                record.write(line)
        method, request_id, params = request["method"], request["id"], request["params"]
        pin = params.get("pin") or ""
        behaviour = behaviours.get(method, {"do": "answer"})
        do = behaviour["do"]

        def text(name: str, default: str = "", behaviour: dict = behaviour, pin: str = pin) -> str:
            return behaviour.get(name, default).replace("{pin}", pin)

        if do == "hang":
            sys.stderr.write(f"stuck in {method} with {pin}\n")
            sys.stderr.flush()
            time.sleep(60)
        elif do == "crash":
            sys.stderr.write(text("stderr") + "\n")
            sys.stderr.flush()
            sys.exit(behaviour.get("exit", 1))
        elif do == "garbage":
            print(text("text"), flush=True)
            continue
        elif do == "flood_stderr":
            sys.stderr.write("log line\n" * (behaviour["bytes"] // 9))
            sys.stderr.flush()
        if do == "error":
            error = {"code": behaviour["code"], "message": text("message")}
            if "status" in behaviour:
                error["status"] = behaviour["status"]
            answer = {"id": request_id, "error": error}
        elif do == "wrong_id":
            answer = {"id": request_id + 100, "result": CANNED.get(method, {})}
        elif method == "hello":
            answer = {"id": request_id, "result": {
                "protocol": config.get("protocol", 1), "name": "fake", "version": "0.0", "capabilities": ["x"],
            }}
        else:
            answer = {"id": request_id, "result": behaviour.get("result", CANNED.get(method, {}))}
        print(json.dumps(answer), flush=True)
        if method == "bye":
            return


if __name__ == "__main__":
    main()
