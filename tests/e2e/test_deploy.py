"""Static checks of the deployment files (no container engine needed): docker-compose.yml, deploy/docker/Dockerfile
and the kustomize manifests in deploy/k8s parse, hold every service of the architecture with its health check and
environment, build every image from a Dockerfile stage that exists, and scale router, ai and sender on the stream
and consumer group each service really reads (taken from the services' own main.c)."""
import os
import re

import pytest

import yaml  # Debian package python3-yaml (deploy/install-deps.sh)

from conftest import ROOT

SERVICES = {"ingress": 9100, "router": 9101, "sender": 9102, "ai": 9103, "dashboard": 9104}
COMPOSE = os.path.join(ROOT, "docker-compose.yml")
K8S = os.path.join(ROOT, "deploy", "k8s")


def consumer_groups():
    """{service: (stream key, group)} from each consumer's main.c: wa_consumer_create(&cfg, cfg.key_in, "router", ..)
    (wa-ai and wa-sender run their stage drivers: ai_loop_run(&cfg, cfg.key_ai, "ai", ..), snd_loop_run(..))."""
    suffix = {"key_in": "wa:in", "key_ai": "wa:ai", "key_out": "wa:out"}
    found = {}
    for svc in ("router", "ai", "sender"):
        with open(os.path.join(ROOT, "services", svc, "main.c")) as f:
            m = re.search(r'(?:wa_consumer_create|ai_loop_run|snd_loop_run)\(\s*&?\w+\s*,\s*\w+\.(key_\w+)\s*,\s*'
                          r'(?:"([^"]+)"|([A-Z_][A-Z0-9_]*))', f.read())
        assert m, f"services/{svc}/main.c: no consumer (wa_consumer_create / ai_loop_run / snd_loop_run) call found"
        group = m.group(2) or service_define(svc, m.group(3))
        found[svc] = (suffix[m.group(1)], group)
    return found


def service_define(svc, name):
    """The string a service's own sources #define name as (the group named by a macro: ai.h's AI_GROUP)."""
    d = os.path.join(ROOT, "services", svc)
    for fn in sorted(os.listdir(d)):
        if fn.endswith((".h", ".c")):
            with open(os.path.join(d, fn)) as f:
                m = re.search(rf'^#define\s+{name}\s+"([^"]+)"', f.read(), re.M)
            if m:
                return m.group(1)
    raise AssertionError(f"services/{svc}: {name} is #defined as no string")


def dockerfile_stages(path):
    with open(path) as f:
        text = f.read()
    return text, {m.group(2): m.group(1) for m in re.finditer(r"^FROM\s+(\S+)\s+AS\s+(\S+)", text, re.M | re.I)}


@pytest.fixture(scope="module")
def compose():
    with open(COMPOSE) as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def k8s():
    """Every document of every file the kustomization lists, as (file, doc)."""
    with open(os.path.join(K8S, "kustomization.yaml")) as f:
        kust = yaml.safe_load(f)
    docs = []
    for res in kust["resources"]:
        path = os.path.join(K8S, res)
        assert os.path.isfile(path), f"kustomization.yaml lists {res}, which does not exist"
        with open(path) as f:
            docs += [(res, d) for d in yaml.safe_load_all(f) if d]
    return kust, docs


def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for _, d in docs if d["kind"] == kind}


def test_stream_and_group_names_come_from_the_source():
    assert consumer_groups() == {"router": ("wa:in", "router"), "ai": ("wa:ai", "ai"), "sender": ("wa:out", "sender")}


def test_compose_has_every_service_with_health_check_and_environment(compose):
    services = compose["services"]
    for name in ("redis", "postgres", "migrate", *SERVICES):
        assert name in services, f"docker-compose.yml has no service {name}"
    for name, port in SERVICES.items():
        s = services[name]
        env = s["environment"]
        for var in ("REDIS_URL", "DATABASE_URL", "OPS_PORT"):
            assert var in env, f"{name}: no {var}"
        assert env["OPS_PORT"] == str(port)
        assert "redis:6379" in env["REDIS_URL"] and "@postgres:5432/" in env["DATABASE_URL"]
        test = " ".join(s["healthcheck"]["test"])
        assert f"/{port}" in test and "/readyz" in test, f"{name}: health check does not ask its /readyz"
        assert any(e["path"] == ".env" for e in s["env_file"]), f"{name}: no .env support"
        assert s["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert s["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["ingress"]["ports"] == ["3000:3000"]
    for name in ("redis", "postgres"):
        assert services[name]["healthcheck"]["test"], f"{name}: no health check"


def test_compose_redis_aof_postgres_volume_and_migration_job(compose):
    services = compose["services"]
    redis_cmd = " ".join(services["redis"]["command"]).split()
    assert "--appendonly" in redis_cmd and redis_cmd[redis_cmd.index("--appendonly") + 1] == "yes"
    assert any(v.endswith(":/var/lib/postgresql/data") for v in services["postgres"]["volumes"])
    assert "postgres-data" in compose["volumes"]
    mig = services["migrate"]
    assert mig["command"][0] == "migrate" and mig["restart"] == "no"


def test_compose_images_build_from_existing_dockerfile_stages(compose):
    built = 0
    for name, s in compose["services"].items():
        if "build" not in s:
            continue
        b = s["build"]
        path = os.path.join(ROOT, b.get("context", "."), b.get("dockerfile", "Dockerfile"))
        assert os.path.isfile(path), f"{name}: {path} does not exist"
        _, stages = dockerfile_stages(path)
        assert b["target"] in stages, f"{name}: target {b['target']} is not a stage of {path}"
        built += 1
    assert built >= 5


def test_dockerfile_is_multistage_debian12_slim_non_root():
    text, stages = dockerfile_stages(os.path.join(ROOT, "deploy", "docker", "Dockerfile"))
    assert re.search(r"^ARG DEBIAN=debian:12-slim$", text, re.M)
    assert stages["build"] == "${DEBIAN}" and stages["runtime"] == "${DEBIAN}"
    assert re.search(r"^USER 10001", text, re.M), "runtime images must not run as root"
    for target, binary in {"ingress": "wa-ingress", "router": "wa-router", "sender": "wa-sender", "ai": "wa-ai",
                           "wactl": "wactl"}.items():
        assert stages[target] == "runtime", f"stage {target} must build on the non-root runtime stage"
        assert f"COPY --from=build /build/bin/{binary} " in text
        assert f'ENTRYPOINT ["/usr/local/bin/{binary}"]' in text
    # only runtime libraries in the final images: no compiler or -dev package after the build stage
    runtime_part = text[text.index("AS runtime"):]
    assert "build-essential" not in runtime_part and "-dev" not in runtime_part
    # every binary the Dockerfile copies is built by CMake
    with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
        cmake = f.read()
    for binary in ("wa-ingress", "wa-router", "wa-sender", "wa-ai", "wactl"):
        assert re.search(rf"wa_service\(\S+ {binary}\)", cmake)


def test_k8s_deployments_have_requests_probes_pdb_and_secrets(k8s):
    _, docs = k8s
    deployments, pdbs = by_kind(docs, "Deployment"), by_kind(docs, "PodDisruptionBudget")
    for svc, port in SERVICES.items():
        d = deployments.get(f"wa-{svc}")
        assert d, f"no Deployment wa-{svc}"
        pod = d["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        c = pod["containers"][0]
        assert c["image"] == f"clinic-wa/{svc}:latest"
        assert c["resources"]["requests"]["cpu"] and c["resources"]["requests"]["memory"]
        ports = {p["name"]: p["containerPort"] for p in c["ports"]}
        assert ports["ops"] == port
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz" and c["livenessProbe"]["httpGet"]["port"] == "ops"
        assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
        env = {e["name"]: e.get("value") for e in c["env"]}
        assert env["OPS_PORT"] == str(port)
        assert pod["terminationGracePeriodSeconds"] > 10
        labels = d["spec"]["template"]["metadata"]["labels"]
        pdb = pdbs.get(f"wa-{svc}")
        assert pdb, f"no PodDisruptionBudget for wa-{svc}"
        assert all(labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items())


def test_k8s_migration_job_ingress_service_and_hpa(k8s):
    _, docs = k8s
    job = by_kind(docs, "Job")["wa-migrate"]
    c = job["spec"]["template"]["spec"]["containers"][0]
    assert c["image"] == "clinic-wa/wactl:latest" and c["args"][0] == "migrate"
    svc = by_kind(docs, "Service")["wa-ingress"]
    assert svc["spec"]["ports"][0]["port"] == 3000
    assert svc["spec"]["selector"] == {"app.kubernetes.io/name": "wa-ingress"}
    hpa = by_kind(docs, "HorizontalPodAutoscaler")["wa-ingress"]
    assert hpa["spec"]["scaleTargetRef"]["name"] == "wa-ingress"
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert "redis" in by_kind(docs, "StatefulSet") and "postgres" in by_kind(docs, "StatefulSet")


def test_keda_scales_each_consumer_on_its_real_stream_and_group(k8s):
    _, docs = k8s
    scaled = by_kind(docs, "ScaledObject")
    deployments = by_kind(docs, "Deployment")
    auths = by_kind(docs, "TriggerAuthentication")
    for svc, (stream, group) in consumer_groups().items():
        so = scaled.get(f"wa-{svc}")
        assert so, f"no ScaledObject for wa-{svc}"
        assert so["spec"]["scaleTargetRef"]["name"] == f"wa-{svc}" and f"wa-{svc}" in deployments
        assert so["spec"]["minReplicaCount"] >= 1
        (trigger,) = so["spec"]["triggers"]
        assert trigger["type"] == "redis-streams"
        md = trigger["metadata"]
        assert (md["stream"], md["consumerGroup"]) == (stream, group)
        assert int(md["pendingEntriesCount"]) > 0
        assert md["address"].startswith("redis.")
        assert trigger["authenticationRef"]["name"] in auths
    assert "wa-ingress" not in scaled  # the ingress scales on CPU (HPA)


def test_k8s_images_are_the_dockerfile_targets(k8s):
    kust, docs = k8s
    _, stages = dockerfile_stages(os.path.join(ROOT, "deploy", "docker", "Dockerfile"))
    images = {i["name"] for i in kust["images"]}
    for _, d in docs:
        if d["kind"] not in ("Deployment", "Job"):
            continue
        for c in d["spec"]["template"]["spec"]["containers"]:
            name = c["image"].split(":")[0]
            assert name in images, f"{d['metadata']['name']}: image {name} not in kustomization images"
            assert name.split("/")[-1] in stages, f"{name}: no Dockerfile stage builds it"


# --- least privilege (issue 12, section 4) -------------------------------------------------------------------------

# The secrets each service may hold, and nothing more: its own Redis ACL user's and PostgreSQL login role's passwords
# and the keys of its own job. The ingress, facing the internet, never holds a sending token or an admin password.
SECRETS = {"REDIS_PASSWORD", "REDIS_PASSWORD_INGRESS", "REDIS_PASSWORD_ROUTER", "REDIS_PASSWORD_AI",
           "REDIS_PASSWORD_SENDER", "REDIS_PASSWORD_KEDA", "PG_PASSWORD_INGRESS", "PG_PASSWORD_ROUTER",
           "PG_PASSWORD_AI", "PG_PASSWORD_SENDER", "POSTGRES_PASSWORD", "WHATSAPP_APP_SECRET",
           "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_TOKEN", "GEMINI_API_KEY", "OPENAI_API_KEY", "CREDENTIALS_KEY",
           "CREDENTIALS_KEY_PREVIOUS", "REDIS_PASSWORD_DASHBOARD", "PG_PASSWORD_DASHBOARD",
           "DASHBOARD_META_APP_SECRET", "MEDIA_S3_SECRET_KEY"}
NEEDS = {
    "ingress": {"WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "CREDENTIALS_KEY", "CREDENTIALS_KEY_PREVIOUS"},
    "router": set(),
    "ai": {"GEMINI_API_KEY", "OPENAI_API_KEY"},
    "sender": {"WHATSAPP_TOKEN", "CREDENTIALS_KEY", "CREDENTIALS_KEY_PREVIOUS", "MEDIA_S3_SECRET_KEY"},
    # the number page seals a clinic's own credentials; Embedded Signup exchanges codes with the Meta app secret
    "dashboard": {"CREDENTIALS_KEY", "CREDENTIALS_KEY_PREVIOUS", "DASHBOARD_META_APP_SECRET", "MEDIA_S3_SECRET_KEY"},
}


def own(svc):
    return {f"REDIS_PASSWORD_{svc.upper()}", f"PG_PASSWORD_{svc.upper()}"}


def pod_secret_keys(container, secrets):
    """Every secret key a container's environment receives: whole Secrets (envFrom) and single keys (secretKeyRef)."""
    keys = set()
    for e in container.get("envFrom", []):
        if "secretRef" in e:
            keys |= set(secrets[e["secretRef"]["name"]]["stringData"])
    for e in container.get("env", []):
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            assert ref["key"] in secrets[ref["name"]]["stringData"], f"{ref} does not exist"
            keys.add(ref["key"])
    return keys


def test_k8s_each_service_gets_only_its_own_secrets(k8s):
    _, docs = k8s
    deployments, secrets = by_kind(docs, "Deployment"), by_kind(docs, "Secret")
    config = by_kind(docs, "ConfigMap")["wa-config"]["data"]
    assert "wa-secrets" not in secrets  # the one Secret every pod mounted
    for svc in SERVICES:
        c = deployments[f"wa-{svc}"]["spec"]["template"]["spec"]["containers"][0]
        got = pod_secret_keys(c, secrets) & SECRETS
        assert got == NEEDS[svc] | own(svc), f"wa-{svc} holds {sorted(got ^ (NEEDS[svc] | own(svc)))} wrongly"
        env = {e["name"]: e.get("value") for e in c["env"]}
        assert env["REDIS_URL"].startswith(f"redis://wa-{svc}:$(REDIS_PASSWORD_{svc.upper()})@")
        assert env["DATABASE_URL"].startswith(f"postgresql://wa_{svc}_login:$(PG_PASSWORD_{svc.upper()})@")
        # every $(VAR) is defined before its use (Kubernetes expands only those) or comes from wa-config
        names = [e["name"] for e in c["env"]]
        for i, e in enumerate(c["env"]):
            for ref in re.findall(r"\$\((\w+)\)", e.get("value") or ""):
                assert ref in names[:i] or ref in config, f"wa-{svc}: {e['name']} uses $({ref}), not defined before"
    job = by_kind(docs, "Job")["wa-migrate"]["spec"]["template"]["spec"]["containers"][0]
    assert "--login-roles" in job["args"]
    assert {"PG_PASSWORD_INGRESS", "POSTGRES_PASSWORD"} <= pod_secret_keys(job, secrets)
    assert not pod_secret_keys(job, secrets) & (NEEDS["ingress"] | NEEDS["ai"] | NEEDS["sender"] | NEEDS["dashboard"])
    auth = by_kind(docs, "TriggerAuthentication")["wa-redis-auth"]["spec"]["secretTargetRef"]
    assert {(a["parameter"], a["key"]) for a in auth} == {("username", "REDIS_USERNAME_KEDA"),
                                                          ("password", "REDIS_PASSWORD_KEDA")}
    assert secrets["wa-redis"]["stringData"]["REDIS_USERNAME_KEDA"] == "wa-keda"


def test_k8s_redis_runs_with_the_acl_file_of_deploy_redis(k8s):
    _, docs = k8s
    with open(os.path.join(ROOT, "deploy", "redis", "acl.sh")) as f:
        script = f.read()
    assert by_kind(docs, "ConfigMap")["redis-acl"]["data"]["acl.sh"] == script
    pod = by_kind(docs, "StatefulSet")["redis"]["spec"]["template"]["spec"]
    c = pod["containers"][0]
    cmd = " ".join(c.get("command", []) + c.get("args", []))
    assert "/etc/wa-redis/acl.sh > /data/users.acl" in cmd and "--aclfile /data/users.acl" in cmd
    assert any(e.get("secretRef", {}).get("name") == "wa-redis" for e in c["envFrom"])
    assert "REDISCLI_AUTH" in [e["name"] for e in c["env"]]


def selects(selector, labels):
    if "matchLabels" in selector and any(labels.get(k) != v for k, v in selector["matchLabels"].items()):
        return False
    for ex in selector.get("matchExpressions", []):
        assert ex["operator"] == "In"
        if labels.get(ex["key"]) not in ex["values"]:
            return False
    return True


def test_k8s_network_policies(k8s):
    kust, docs = k8s
    assert "networkpolicy.yaml" in kust["resources"]
    pols = by_kind(docs, "NetworkPolicy")
    pods = {name: d["spec"]["template"]["metadata"]["labels"]
            for kind in ("Deployment", "StatefulSet", "Job") for name, d in by_kind(docs, kind).items()}
    # everything closed unless opened
    assert any(p["spec"]["podSelector"] == {} and p["spec"]["policyTypes"] == ["Ingress"] and not p["spec"].get(
        "ingress") for p in pols.values()), "no default-deny ingress policy"

    def allowed_from(target, source_labels=None, namespace=None):
        """Ports of `target` reachable from a pod with source_labels in this namespace, or from another namespace."""
        ports = set()
        for p in pols.values():
            spec = p["spec"]
            if "Ingress" not in spec["policyTypes"] or not selects(spec["podSelector"], pods[target]):
                continue
            for rule in spec.get("ingress", []):
                ok = "from" not in rule
                for peer in rule.get("from", []):
                    if "podSelector" in peer and "namespaceSelector" not in peer and source_labels is not None:
                        ok |= selects(peer["podSelector"], source_labels)
                    if "namespaceSelector" in peer and namespace is not None:
                        ok |= peer["namespaceSelector"].get("matchLabels", {}).get(
                            "kubernetes.io/metadata.name") == namespace
                if ok:
                    ports |= {pt["port"] for pt in rule.get("ports", [])} or {"all"}
        return ports

    outsider = {"app.kubernetes.io/name": "some-other-app"}
    # from outside (another namespace, the internet): only the ingress's webhook port and the dashboard's port
    for target in pods:
        want = {"wa-ingress": {3000}, "wa-dashboard": {8080}}.get(target, set())
        assert allowed_from(target, namespace="default") == want, target
        assert allowed_from(target, source_labels=outsider) == want, target
    # Redis and PostgreSQL: our services only (and KEDA's operator for Redis)
    for svc in SERVICES:
        assert allowed_from("redis", source_labels=pods[f"wa-{svc}"]) == {6379}
        assert allowed_from("postgres", source_labels=pods[f"wa-{svc}"]) == {5432}
    assert allowed_from("postgres", source_labels=pods["wa-migrate"]) == {5432}
    assert allowed_from("redis", namespace="keda") == {6379}
    assert allowed_from("postgres", namespace="keda") == set()
    # a service cannot reach another service's ops port from inside the namespace
    assert allowed_from("wa-router", source_labels=pods["wa-ingress"]) == set()
    # the ingress may open connections only to Redis, PostgreSQL and DNS
    egress = [p["spec"] for p in pols.values() if "Egress" in p["spec"]["policyTypes"]
              and selects(p["spec"]["podSelector"], pods["wa-ingress"])]
    assert egress and all(r.get("to") for spec in egress for r in spec["egress"])
    assert {pt["port"] for spec in egress for r in spec["egress"] for pt in r["ports"]} == {6379, 5432, 53}
    # the dashboard: its stores, DNS and HTTPS outside the cluster's private ranges (the Graph API), nothing else
    egress = [p["spec"] for p in pols.values() if "Egress" in p["spec"]["policyTypes"]
              and selects(p["spec"]["podSelector"], pods["wa-dashboard"])]
    assert egress and all(r.get("to") for spec in egress for r in spec["egress"])
    assert {pt["port"] for spec in egress for r in spec["egress"] for pt in r["ports"]} == {6379, 5432, 53, 443}
    for spec in egress:
        for r in spec["egress"]:
            for peer in r["to"]:
                if "ipBlock" in peer:
                    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} <= set(peer["ipBlock"]["except"])
    assert allowed_from("wa-dashboard", source_labels=pods["wa-ingress"]) == {8080}  # as from anywhere
    assert allowed_from("wa-ingress", source_labels=pods["wa-dashboard"]) == {3000}


def test_compose_each_service_gets_only_its_own_secrets_and_redis_user(compose):
    services = compose["services"]
    for svc in SERVICES:
        env = services[svc]["environment"]
        # .env reaches every container through env_file: what a service must not hold is blanked in `environment`
        assert any(e["path"] == ".env" for e in services[svc]["env_file"])
        visible = {k for k in SECRETS if env.get(k, "unset") != ""}
        assert visible == NEEDS[svc], f"{svc} holds {sorted(visible ^ NEEDS[svc])} wrongly"
        assert env["REDIS_URL"].startswith(f"redis://wa-{svc}:${{REDIS_PASSWORD_{svc.upper()}:?")
        assert env["DATABASE_URL"].startswith(f"postgresql://wa_{svc}_login:${{PG_PASSWORD_{svc.upper()}:?")
    redis_svc = services["redis"]
    cmd = " ".join(redis_svc["entrypoint"] + redis_svc["command"])
    assert "/etc/wa-redis/acl.sh > /data/users.acl" in cmd and "--aclfile /data/users.acl" in cmd
    assert "./deploy/redis/acl.sh:/etc/wa-redis/acl.sh:ro" in redis_svc["volumes"]
    assert "REDISCLI_AUTH" in redis_svc["environment"]
    assert "--login-roles" in services["migrate"]["command"]


def test_no_script_puts_a_password_on_a_command_line():
    """ps shows every process's argv to every user: passwords go through the environment (PGPASSWORD,
    REDISCLI_AUTH) or files, never `psql "$DATABASE_URL"`, `redis-cli -a`, or `--requirepass`."""
    bad = [re.compile(r"\bpsql\b[^\n]*\$\{?DATABASE_URL"), re.compile(r"redis-cli\b[^\n]*\s(-a|--pass)\s"),
           re.compile(r"--requirepass\b"), re.compile(r"\bpsql\b[^\n]*postgres(ql)?://[^\s@/]*:[^\s@/]+@")]
    files = [os.path.join(ROOT, "Makefile"), os.path.join(ROOT, ".ci", "run"), COMPOSE]
    for top in ("deploy", "bench", "tests"):
        for d, _, names in os.walk(os.path.join(ROOT, top)):
            files += [os.path.join(d, n) for n in names if n.endswith((".sh", ".py", ".yaml", ".yml"))]
    checked = 0
    for path in files:
        if not os.path.isfile(path) or path == os.path.abspath(__file__):
            continue
        with open(path, errors="replace") as f:
            text = f.read()
        checked += 1
        for rx in bad:
            m = rx.search(text)
            assert not m, f"{os.path.relpath(path, ROOT)}: {m.group(0)!r} puts a password in argv"
    assert checked > 20
