#!/usr/bin/env python3
"""Deterministic, realistic CloudTrail corpus for the benchmarks (issue 8).

    bench/make-corpus.py --events 100000 --format ndjson --out bench/corpus/100k.ndjson

Formats: ndjson (one event per line), records (one {"Records":[...]} document,
the shape CloudTrail writes to S3) and gzip (the records document, gzipped).
Same arguments, same bytes: every choice comes from one seeded PRNG (--seed).

What it models:
- eventSource/eventName pairs of ~40 common services taken from
  content/aws/api-operations.tsv (a few hundred operations), with a Zipf-like
  long-tailed frequency that favours reads (Describe/List/Get);
- 5 accounts, hundreds of IAM users and assumed-role sessions, AWS services
  (invokedBy) and a little Root, each with the full userIdentity shape;
- ~3% failures with real errorCode/errorMessage pairs;
- requestParameters/responseElements of varied size (log-normal), so the mean
  event is ~1 KB (a few hundred bytes to several KB);
- source IPs from the documentation ranges (RFC 5737, RFC 3849);
- ~0.5% of events that trigger bundled rules (StopLogging/DeleteTrail,
  ConsoleLogin failure and root login, AuthorizeSecurityGroupIngress from
  0.0.0.0/0, CreateAccessKey for another user, public PutBucketPolicy,
  DeleteDetector, calls from addresses on the bundled threat lists). Other
  addresses avoid the blocks those lists use.

Generated corpora go to bench/corpus/ (git-ignored), never into git.
"""

import argparse
import csv
import datetime
import gzip
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OPERATIONS = os.path.join(HERE, "..", "content", "aws", "api-operations.tsv")

# Services seen in most trails, with a relative weight of how much traffic they produce.
SERVICES = {
    "s3": 30, "ec2": 25, "sts": 22, "iam": 10, "kms": 14, "lambda": 8, "monitoring": 7, "logs": 9,
    "dynamodb": 6, "sqs": 5, "sns": 4, "rds": 4, "ecs": 5, "ecr": 5, "cloudformation": 4, "ssm": 8,
    "secretsmanager": 5, "elasticloadbalancing": 3, "autoscaling": 3, "route53": 2, "cloudtrail": 2,
    "config": 3, "guardduty": 1, "organizations": 1, "sso": 2, "athena": 1, "glue": 2, "events": 2,
    "apigateway": 1, "cloudfront": 1, "elasticache": 1, "eks": 2, "states": 1, "kinesis": 1,
    "firehose": 1, "codebuild": 1, "codepipeline": 1, "backup": 1, "acm": 1, "tagging": 1,
    "access-analyzer": 1, "servicecatalog": 1,
}
OPS_PER_SERVICE = 14
# The calls that dominate real trails; they head their service's ranking when the table has them.
HOT = ["GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity", "Decrypt", "GenerateDataKey", "Encrypt",
       "DescribeKey", "DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes", "DescribeSubnets",
       "DescribeVpcs", "ListBuckets", "GetBucketAcl", "GetBucketLocation", "GetBucketPolicy", "GetParameter",
       "GetParameters", "GetParametersByPath", "GetSecretValue", "DescribeLogStreams", "DescribeLogGroups",
       "CreateLogStream", "GetMetricData", "DescribeAlarms", "ListFunctions", "GetFunction", "DescribeTable",
       "GetQueueAttributes", "DescribeDBInstances", "DescribeTasks", "DescribeServices", "GetAuthorizationToken",
       "BatchGetImage", "ListRoles", "GetRole", "ListUsers", "GetUser", "DescribeStacks", "DescribeStackEvents",
       "DescribeLoadBalancers", "DescribeTargetHealth", "DescribeAutoScalingGroups", "ListHostedZones",
       "DescribeTrails", "DescribeConfigRules", "ListDetectors", "DescribeCluster", "ListClusters",
       "GetRoleCredentials", "ListAccounts", "GetResources", "RunInstances", "CreateTags", "PutObjectAcl"]

ACCOUNTS = ["111122223333", "444455556666", "123456789012", "210987654321", "777788889999"]
REGIONS = ["us-east-1"] * 6 + ["eu-west-1"] * 3 + ["us-west-2"] * 2 + ["ap-southeast-2", "eu-central-1"]
USER_AGENTS = [
    "aws-cli/2.15.{n} Python/3.11.6 Linux/6.1.0 exe/x86_64.amzn.2023 prompt/off command/{svc}.{op}",
    "Boto3/1.34.{n} md/Botocore#1.34.{n} ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.1 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.{n}",
    "aws-sdk-go-v2/1.24.{n} os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/{svc}#1.{n}.0",
    "aws-sdk-java/2.21.{n} Linux/5.10.205 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS Java/17.0.9 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
    "Terraform/1.6.{n} (+https://www.terraform.io) terraform-provider-aws/5.31.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.24.0",
    "AWS Internal",
    "console.amazonaws.com",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
]
ERRORS = [
    ("AccessDenied", "User: {arn} is not authorized to perform: {svc}:{op} on resource: {res} because no identity-based policy allows the {svc}:{op} action"),
    ("Client.UnauthorizedOperation", "You are not authorized to perform this operation. User: {arn} is not authorized to perform: {svc}:{op}"),
    ("ThrottlingException", "Rate exceeded"),
    ("ResourceNotFoundException", "Requested resource not found"),
    ("NoSuchEntityException", "The role with name {name} cannot be found."),
    ("ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"),
    ("InvalidParameterValueException", "Invalid parameter value"),
    ("Client.InvalidInstanceID.NotFound", "The instance ID 'i-0{hex}' does not exist"),
    ("NoSuchBucket", "The specified bucket does not exist"),
    ("ExpiredToken", "The security token included in the request is expired"),
]
SERVICE_PRINCIPALS = ["ec2.amazonaws.com", "lambda.amazonaws.com", "cloudformation.amazonaws.com",
                      "autoscaling.amazonaws.com", "ecs-tasks.amazonaws.com", "config.amazonaws.com",
                      "elasticloadbalancing.amazonaws.com", "backup.amazonaws.com"]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
         "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor",
         "whiskey", "xray", "yankee", "zulu", "prod", "staging", "dev", "data", "billing", "web", "api", "etl"]


def load_operations(rng):
    by_source = {}
    with open(OPERATIONS, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            by_source.setdefault(row["event_source"], []).append((row["event_name"], row["read_only_guess"] == "true"))
    ops = []  # (source, name, read_only, weight)
    for prefix, weight in SERVICES.items():
        source = prefix + ".amazonaws.com"
        names = sorted(by_source.get(source, []))
        if not names:
            continue
        reads = [n for n in names if n[1]]
        writes = [n for n in names if not n[1]]
        picked = rng.sample(reads, min(len(reads), OPS_PER_SERVICE * 2 // 3))
        picked += rng.sample(writes, min(len(writes), OPS_PER_SERVICE - len(picked)))
        rng.shuffle(picked)
        hot = sorted((n for n in names if n[0] in HOT), key=lambda n: HOT.index(n[0]))
        picked = hot + [n for n in picked if n not in hot]
        for rank, (name, read_only) in enumerate(picked):
            # Zipf inside the service, reads ten times as common as writes.
            w = weight / (rank + 1) ** 1.2 * (10 if read_only else 1)
            ops.append((source, name, read_only, w))
    # The operations the rule-triggering events use must exist with their real names.
    return ops


def hexs(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def uuid(rng):
    h = hexs(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


# Addresses the bundled example threat lists hold (content/*/context: Tor exit
# nodes, ransomware and blocklisted IPs, all inside the documentation ranges).
LISTED_IPS = ["198.51.100.66", "198.51.100.201", "203.0.113.194", "198.51.100.230", "203.0.113.130",
              "2001:db8:dead::17"]


def doc_ip(rng):
    """A documentation-range address outside the blocks the bundled threat lists use (hosts .1-.63, not 2001:db8:dead::/48)."""
    r = rng.random()
    if r < 0.06:
        return "2001:db8:%x:%x::%x" % (rng.randrange(0xd000), rng.randrange(65536), rng.randrange(65536))
    net = ("192.0.2.", "198.51.100.", "203.0.113.")[rng.randrange(3)]
    return net + str(rng.randrange(1, 64))


class Principals:
    def __init__(self, rng):
        self.users = []
        for i in range(360):
            acct = ACCOUNTS[i % len(ACCOUNTS)] if i % 3 else ACCOUNTS[0]
            name = f"{rng.choice(WORDS)}.{rng.choice(WORDS)}{i}"
            self.users.append({"type": "IAMUser", "principalId": "AIDA" + hexs(rng, 17).upper(),
                               "arn": f"arn:aws:iam::{acct}:user/{name}", "accountId": acct,
                               "accessKeyId": "AKIA" + hexs(rng, 16).upper(), "userName": name})
        self.roles = []
        for i in range(180):
            acct = ACCOUNTS[i % len(ACCOUNTS)]
            role = rng.choice(["Admin", "ReadOnly", "Deploy", "DataPipeline", "LambdaExec", "EcsTask", "Sso_Dev",
                               "AWSReservedSSO_PowerUser_" + hexs(rng, 16)]) + f"-{i}"
            self.roles.append({"acct": acct, "role": role, "roleId": "AROA" + hexs(rng, 17).upper(),
                               "sessions": [f"{rng.choice(WORDS)}-{hexs(rng, 8)}" for _ in range(4)]})
        self.ips = [doc_ip(rng) for _ in range(900)]

    def identity(self, rng, when):
        r = rng.random()
        if r < 0.40:
            u = self.users[min(int(rng.paretovariate(1.1)) - 1, len(self.users) - 1) if rng.random() < 0.5
                           else rng.randrange(len(self.users))]
            ident = {"type": "IAMUser", "principalId": u["principalId"], "arn": u["arn"],
                     "accountId": u["accountId"], "accessKeyId": u["accessKeyId"], "userName": u["userName"]}
            return ident, u["accountId"]
        if r < 0.93:
            ro = self.roles[rng.randrange(len(self.roles))]
            sess = rng.choice(ro["sessions"])
            ident = {
                "type": "AssumedRole", "principalId": f"{ro['roleId']}:{sess}",
                "arn": f"arn:aws:sts::{ro['acct']}:assumed-role/{ro['role']}/{sess}", "accountId": ro["acct"],
                "accessKeyId": "ASIA" + hexs(rng, 16).upper(),
                "sessionContext": {
                    "sessionIssuer": {"type": "Role", "principalId": ro["roleId"],
                                      "arn": f"arn:aws:iam::{ro['acct']}:role/{ro['role']}",
                                      "accountId": ro["acct"], "userName": ro["role"]},
                    "webIdFederationData": {},
                    "attributes": {"creationDate": when, "mfaAuthenticated": "false"},
                },
            }
            if rng.random() < 0.3:
                ident["sessionContext"]["ec2RoleDelivery"] = "2.0"
            return ident, ro["acct"]
        if r < 0.995:
            svc = rng.choice(SERVICE_PRINCIPALS)
            return {"type": "AWSService", "invokedBy": svc}, rng.choice(ACCOUNTS)
        acct = rng.choice(ACCOUNTS)
        return {"type": "Root", "principalId": acct, "arn": f"arn:aws:iam::{acct}:root", "accountId": acct,
                "accessKeyId": "ASIA" + hexs(rng, 16).upper(),
                "sessionContext": {"attributes": {"creationDate": when, "mfaAuthenticated": "true"}}}, acct


def filler(rng, depth=0):
    """A random requestParameters-like value; its size is what the caller asks for."""
    r = rng.random()
    if r < 0.35 or depth > 2:
        return rng.choice(WORDS) + "-" + hexs(rng, rng.choice((4, 8, 17)))
    if r < 0.45:
        return rng.randrange(100000)
    if r < 0.5:
        return rng.random() < 0.5
    if r < 0.75:
        return {"items": [filler(rng, depth + 1) for _ in range(rng.randrange(1, 4))]}
    return {rng.choice(WORDS) + "Id": filler(rng, depth + 1), "name": rng.choice(WORDS)}


def parameters(rng, name, region, acct):
    """Parameters of a realistic size: log-normal number of fields, some big documents."""
    n = min(int(rng.lognormvariate(0.6, 0.9)), 60)
    params = {}
    if name.startswith(("Describe", "List")):
        if rng.random() < 0.5:
            params["filterSet"] = {"items": [{"name": rng.choice(["tag:Name", "vpc-id", "instance-state-name"]),
                                              "valueSet": {"items": [{"value": rng.choice(WORDS)}]}}]}
        if rng.random() < 0.4:
            params["maxResults"] = rng.choice((50, 100, 1000))
    for i in range(n):
        params[rng.choice(WORDS) + ("Name", "Id", "Arn", "Set", "Config")[i % 5]] = filler(rng)
    if rng.random() < 0.1:
        params["resourceArn"] = f"arn:aws:{rng.choice(WORDS)}:{region}:{acct}:{rng.choice(WORDS)}/{hexs(rng, 12)}"
    return params or None


def response(rng, read_only):
    if read_only:
        return None  # CloudTrail omits read responses
    r = rng.random()
    if r < 0.5:
        return None
    if r < 0.95:
        return {rng.choice(WORDS) + "Id": hexs(rng, 17), "requestId": uuid(rng)}
    # A few large ones (RunInstances, CreateStack, policy documents...).
    return {"items": [{"id": hexs(rng, 17), "state": {"code": 0, "name": "pending"},
                       "tags": [{"key": rng.choice(WORDS), "value": rng.choice(WORDS)} for _ in range(4)],
                       "network": {"privateIp": "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256),
                                                                  rng.randrange(256))}}
                      for _ in range(rng.randrange(3, 20))]}


def attack(rng, ev, principals):
    """Turns ev into an event a bundled rule alerts on."""
    k = rng.randrange(8)
    acct = ev["recipientAccountId"]
    if k == 0:
        ev["eventSource"], ev["eventName"] = "cloudtrail.amazonaws.com", rng.choice(["StopLogging", "DeleteTrail"])
        ev["requestParameters"] = {"name": f"arn:aws:cloudtrail:{ev['awsRegion']}:{acct}:trail/management-events"}
        ev["responseElements"] = None
    elif k in (1, 2):
        ev["eventSource"], ev["eventName"], ev["eventType"] = "signin.amazonaws.com", "ConsoleLogin", "AwsConsoleSignIn"
        ev["requestParameters"] = None
        ev["userAgent"] = USER_AGENTS[-1]
        ev["readOnly"] = False
        ev["additionalEventData"] = {"LoginTo": "https://console.aws.amazon.com/console/home",
                                     "MobileVersion": "No", "MFAUsed": "No"}
        if k == 1:
            ev["responseElements"] = {"ConsoleLogin": "Failure"}
            ev["errorMessage"] = "Failed authentication"
        else:
            ev["userIdentity"] = {"type": "Root", "principalId": acct, "arn": f"arn:aws:iam::{acct}:root",
                                  "accountId": acct}
            ev["responseElements"] = {"ConsoleLogin": "Success"}
    elif k == 3:
        ev["eventSource"], ev["eventName"] = "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"
        ev["requestParameters"] = {"groupId": "sg-0" + hexs(rng, 16), "ipPermissions": {"items": [{
            "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "groups": {},
            "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}, "ipv6Ranges": {}, "prefixListIds": {}}]}}
        ev["responseElements"] = {"requestId": uuid(rng), "_return": True}
    elif k == 4:
        other = principals.users[rng.randrange(len(principals.users))]
        ev["eventSource"], ev["eventName"] = "iam.amazonaws.com", "CreateAccessKey"
        ev["requestParameters"] = {"userName": other["userName"]}
        ev["responseElements"] = {"accessKey": {"accessKeyId": "AKIA" + hexs(rng, 16).upper(), "status": "Active",
                                                "userName": other["userName"], "createDate": ev["eventTime"]}}
    elif k == 5:
        bucket = f"{rng.choice(WORDS)}-{hexs(rng, 6)}"
        ev["eventSource"], ev["eventName"] = "s3.amazonaws.com", "PutBucketPolicy"
        ev["requestParameters"] = {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com", "policy": "",
                                   "bucketPolicy": {"Version": "2012-10-17", "Statement": [{
                                       "Sid": "Public", "Effect": "Allow", "Principal": "*",
                                       "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}}
        ev["responseElements"] = None
    elif k == 6:
        ev["eventSource"], ev["eventName"] = "guardduty.amazonaws.com", "DeleteDetector"
        ev["requestParameters"] = {"detectorId": hexs(rng, 32)}
        ev["responseElements"] = None
    else:
        # An ordinary call from a listed address (Tor exit, ransomware, blocklist).
        ev["sourceIPAddress"] = rng.choice(LISTED_IPS)
        return
    ev["readOnly"] = False
    ev.pop("errorCode", None)
    if ev["eventName"] != "ConsoleLogin":
        ev.pop("errorMessage", None)


def events(n, seed):
    rng = random.Random(seed)
    ops = load_operations(rng)
    cum, total = [], 0.0
    for op in ops:
        total += op[3]
        cum.append(total)
    principals = Principals(rng)
    import bisect
    t = datetime.datetime(2026, 3, 2, 8, 0, 0, tzinfo=datetime.timezone.utc)
    for _ in range(n):
        t += datetime.timedelta(milliseconds=rng.randrange(0, 120))
        when = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        source, name, read_only, _w = ops[bisect.bisect(cum, rng.random() * total)]
        ident, acct = principals.identity(rng, when)
        region = rng.choice(REGIONS)
        svc = source.split(".")[0]
        if ident["type"] == "AWSService":
            ip, agent = ident["invokedBy"], ident["invokedBy"]
        else:
            ip = principals.ips[min(int(rng.paretovariate(0.8)), len(principals.ips)) - 1]
            agent = rng.choice(USER_AGENTS).format(n=rng.randrange(40), svc=svc, op=name.lower())
        ev = {
            "eventVersion": "1.09" if rng.random() < 0.6 else "1.08",
            "userIdentity": ident,
            "eventTime": when,
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": parameters(rng, name, region, acct),
            "responseElements": response(rng, read_only),
            "requestID": uuid(rng),
            "eventID": uuid(rng),
            "readOnly": read_only,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": acct,
            "eventCategory": "Management",
        }
        if rng.random() < 0.7 and ident["type"] != "AWSService":
            ev["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                                "clientProvidedHostHeader": f"{svc}.{region}.amazonaws.com"}
        if rng.random() < 0.03:
            code, msg = rng.choice(ERRORS)
            ev["errorCode"] = code
            ev["errorMessage"] = msg.format(arn=ident.get("arn", "-"), svc=svc, op=name, res="*",
                                            name=rng.choice(WORDS), hex=hexs(rng, 16))
            ev["responseElements"] = None
        if rng.random() < 0.005:
            attack(rng, ev, principals)
        yield ev


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100000)
    ap.add_argument("--format", choices=("ndjson", "records", "gzip"), default="ndjson")
    ap.add_argument("--out", default="-")
    ap.add_argument("--seed", type=int, default=20260302)
    args = ap.parse_args()

    dump = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    if args.format == "ndjson":
        chunks = (dump(e) + "\n" for e in events(args.events, args.seed))
    else:
        def records():
            yield '{"Records":['
            for i, e in enumerate(events(args.events, args.seed)):
                yield ("," if i else "") + dump(e)
            yield "]}\n"
        chunks = records()
    data_out = sys.stdout.buffer if args.out == "-" else open(args.out, "wb")
    if args.format == "gzip":
        # mtime=0: the same bytes on every run.
        out = gzip.GzipFile(filename="", mode="wb", fileobj=data_out, mtime=0)
    else:
        out = data_out
    for c in chunks:
        out.write(c.encode("utf-8"))
    out.close()
    if data_out is not out:
        data_out.close()


if __name__ == "__main__":
    main()
