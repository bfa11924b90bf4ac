"""Static checks of the deployment files (no container engine needed): docker-compose.yml, deploy/docker/Dockerfile
and the kustomize manifests in deploy/k8s parse, hold every service of the architecture with its health check and
environment, build every image from a Dockerfile stage that exists, and scale router, ai and sender on the stream
and consumer group each service really reads (taken from the services' own main.c)."""
import os
import re

import pytest

import yaml  # Debian package python3-yaml (deploy/install-deps.sh)

from conftest import ROOT

SERVICES = {"ingress": 9100, "router": 9101, "sender": 9102, "ai": 9103}
COMPOSE = os.path.join(ROOT, "docker-compose.yml")
K8S = os.path.join(ROOT, "deploy", "k8s")


def consumer_groups():
    """{service: (stream key, group)} from each consumer's main.c: wa_consumer_create(&cfg, cfg.key_in, "router", ..)
    (wa-ai runs its own continuous loop: ai_loop_run(&cfg, cfg.key_ai, "ai", ..))."""
    suffix = {"key_in": "wa:in", "key_ai": "wa:ai", "key_out": "wa:out"}
    found = {}
    for svc in ("router", "ai", "sender"):
        with open(os.path.join(ROOT, "services", svc, "main.c")) as f:
            m = re.search(r'(?:wa_consumer_create|ai_loop_run)\(\s*&?\w+\s*,\s*\w+\.(key_\w+)\s*,\s*"([^"]+)"', f.read())
        assert m, f"services/{svc}/main.c: no consumer (wa_consumer_create / ai_loop_run) call found"
        found[svc] = (suffix[m.group(1)], m.group(2))
    return found


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
    redis_cmd = services["redis"]["command"]
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
    deployments, pdbs, secrets = by_kind(docs, "Deployment"), by_kind(docs, "PodDisruptionBudget"), by_kind(docs, "Secret")
    assert "wa-secrets" in secrets
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
        refs = [e.get("secretRef", {}).get("name") for e in c["envFrom"]]
        assert "wa-secrets" in refs
        assert pod["terminationGracePeriodSeconds"] > 10
        labels = d["spec"]["template"]["metadata"]["labels"]
        pdb = pdbs.get(f"wa-{svc}")
        assert pdb, f"no PodDisruptionBudget for wa-{svc}"
        assert all(labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items())
    for key in ("REDIS_URL", "DATABASE_URL", "WHATSAPP_APP_SECRET", "WHATSAPP_TOKEN", "GEMINI_API_KEY",
                "CREDENTIALS_KEY"):
        assert key in secrets["wa-secrets"]["stringData"]


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
