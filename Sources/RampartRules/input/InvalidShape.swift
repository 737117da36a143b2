import RampartCore

struct InvalidShape: InputProblemRule {
    static let kind = InputProblem.Kind.invalidShape
    static let description = RuleDescription(
        id: "input/invalid-shape", title: "Document has the wrong shape", severity: .high,
        rationale: "A field of the wrong type (a mapping where a list belongs, a document without apiVersion or kind, a Compose service written as a string, a `ports` entry Compose cannot read) is rejected by the API server or Compose, or silently misread; either way it was not checked as written.",
        remediation: "Correct the field's type as the Kubernetes API or Compose specification defines it: in Compose, services are mappings; ports, volumes, cap_add, cap_drop, security_opt, devices and expose are lists; environment and labels are a mapping or a list of KEY=VALUE.",
        references: [Reference("Kubernetes API reference", url: "https://kubernetes.io/docs/reference/kubernetes-api/"), .composeSpec],
        triggering: [
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        ↓name: app\n",
            """
            services:
              web:
                image: nginx:1.27
                ports: ↓"8080:80"
                environment: ↓production
              db: ↓postgres:16
            """,
            """
            services:
              web:
                image: nginx:1.27
                ports:
                  - ↓"80:99999"
                  - ↓{published: 8080}
                  - target: 80
                    host_ip: 127.0.0.1
                    published: ↓"127.0.0.1:8080"
                  - ↓[80, 80]
                volumes:
                  - ↓{a: [b]}
                  - ↓[/data]
            """,
        ],
        nonTriggering: [
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n",
            """
            services:
              web:
                image: nginx:1.27
                ports: ["8080:80", "${PORT}:80", "127.0.0.1:${PORT:-8000}:8000", {target: 80, published: 8081}]
                volumes: [./site:/usr/share/nginx/html:ro, {type: bind, source: ./conf, target: /etc/nginx/conf.d}]
                environment: [A=1]
                labels: {team: web}
                cap_add:
              worker:
            """,
        ])
}
