{{/*
Environment of the services. "sluice.env.config" renders the ConfigMap data (no credential ever);
"sluice.env.secrets" renders the env entries read from Secrets. Both take a component context.
*/}}

{{/* Settings every service shares: HTTP, JVM, database, Kafka, object store, authentication. */}}
{{- define "sluice.env.config" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
QUARKUS_HTTP_PORT: "8080"
JAVA_OPTS: {{ .values.javaOpts | quote }}
{{- /* Object keys may be non-ASCII: the JVM names local files in the locale's charset. */}}
LANG: "C.UTF-8"
QUARKUS_DATASOURCE_JDBC_URL: {{ include "sluice.postgres.url" $root | quote }}
KAFKA_BOOTSTRAP_SERVERS: {{ $v.kafka.bootstrapServers | quote }}
KAFKA_SECURITY_PROTOCOL: {{ include "sluice.kafka.protocol" $root | quote }}
{{- if $v.kafka.sasl.enabled }}
KAFKA_SASL_MECHANISM: {{ $v.kafka.sasl.mechanism | quote }}
{{- end }}
{{- if $v.kafka.tls.enabled }}
{{- with $v.kafka.tls.truststore }}
{{- if include "sluice.hasFile" . }}
KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "/etc/sluice/kafka-tls/%s" .key | quote }}
KAFKA_SSL_TRUSTSTORE_TYPE: {{ .type | quote }}
{{- end }}
{{- end }}
{{- with $v.kafka.tls.keystore }}
{{- if .secretName }}
KAFKA_SSL_KEYSTORE_LOCATION: {{ printf "/etc/sluice/kafka-tls/%s" .key | quote }}
KAFKA_SSL_KEYSTORE_TYPE: {{ .type | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- range $property, $value := $v.kafka.extraConfig }}
{{ printf "KAFKA_%s" ($property | replace "." "_" | upper) }}: {{ include "sluice.scalar" $value | quote }}
{{- end }}
SLUICE_EVENTING_TOPICS_CREATE: {{ $v.kafka.topics.create | quote }}
SLUICE_EVENTING_TOPICS_PARTITIONS: {{ $v.kafka.topics.partitions | int64 | quote }}
SLUICE_EVENTING_TOPICS_REPLICATION_FACTOR: {{ $v.kafka.topics.replicationFactor | int64 | quote }}
SLUICE_S3_ENDPOINT: {{ $v.minio.endpoint | quote }}
SLUICE_S3_REGION: {{ $v.minio.region | quote }}
{{- if include "sluice.hasFile" $v.minio.tls.ca }}
SLUICE_S3_TRUST_CERTIFICATES: {{ printf "/etc/sluice/s3-tls/%s" $v.minio.tls.ca.key | quote }}
{{- end }}
{{- include "sluice.env.config.auth" $root }}
{{- include (printf "sluice.env.config.%s" .component) . }}
{{- end }}

{{/*
Bearer tokens (smallrye-jwt): the issuer and the JWKS URL of the OIDC provider, the claim with the
roles, the audience, and the CA of the provider's HTTPS certificate. Nothing here is a secret: the
services only ever see the provider's public keys.
*/}}
{{- define "sluice.env.config.auth" }}
{{- $auth := .Values.auth }}
{{- if $auth.enabled }}
{{- if not (and $auth.issuer $auth.jwksUrl) }}
{{- fail "auth.enabled needs auth.issuer and auth.jwksUrl, your OIDC provider's issuer and JWKS URL (docs/install.md, Security); auth.enabled=false lets anyone call anything (development only)" }}
{{- end }}
SLUICE_SECURITY_ENABLED: "true"
MP_JWT_VERIFY_ISSUER: {{ $auth.issuer | quote }}
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ $auth.jwksUrl | quote }}
SMALLRYE_JWT_PATH_GROUPS: {{ $auth.rolesClaim | quote }}
{{- with $auth.audience }}
MP_JWT_VERIFY_AUDIENCES: {{ . | quote }}
{{- end }}
{{- if include "sluice.hasFile" $auth.tls.ca }}
SMALLRYE_JWT_CLIENT_TLS_CERTIFICATE_PATH: {{ printf "/etc/sluice/oidc-tls/%s" $auth.tls.ca.key | quote }}
{{- end }}
{{- else }}
SLUICE_SECURITY_ENABLED: "false"
{{- end }}
{{- end }}

{{/* The step image allow-list: orchestrator checks pipelines, trainer-launcher every step again. */}}
{{- define "sluice.env.config.images" }}
{{- $steps := .Values.steps }}
{{- if not $steps.allowedImages }}
{{- fail "steps.allowedImages needs at least one entry (a repository, a <path>/* prefix, or * for any image)" }}
{{- end }}
SLUICE_IMAGES_ALLOWED: {{ join "," $steps.allowedImages | quote }}
SLUICE_IMAGES_DIGESTS_ONLY: {{ $steps.digestsOnly | quote }}
{{- end }}

{{- define "sluice.env.config.ingest" }}
SLUICE_INGEST_BUCKET_NOTIFICATIONS_ENABLED: {{ .root.Values.minio.notifications.enabled | quote }}
SLUICE_INGEST_BUCKET_NOTIFICATIONS_TARGET_ARN: {{ .root.Values.minio.notifications.targetArn | quote }}
SLUICE_INGEST_NOTIFICATIONS_TOPIC: {{ .root.Values.minio.notifications.topic | quote }}
{{- if .root.Values.datasets }}
SLUICE_INGEST_BOOTSTRAP_DATASETS_DIR: /etc/sluice/datasets
{{- end }}
{{- end }}

{{- define "sluice.env.config.orchestrator" }}
SLUICE_ORCHESTRATOR_ARTIFACTS_BUCKET: {{ .root.Values.minio.buckets.artifacts | quote }}
{{- include "sluice.env.config.images" .root }}
{{- if .root.Values.pipelines }}
SLUICE_ORCHESTRATOR_BOOTSTRAP_PIPELINES_DIR: /etc/sluice/pipelines
{{- end }}
{{- end }}

{{- define "sluice.env.config.trainer-launcher" }}
{{- $root := .root }}
{{- $minio := $root.Values.minio }}
{{- $k8s := $root.Values.trainerLauncher.kubernetes }}
SLUICE_LAUNCHER_EXECUTOR: kubernetes
{{- include "sluice.env.config.images" $root }}
SLUICE_LAUNCHER_KUBERNETES_NAMESPACE: {{ include "sluice.stepsNamespace" $root | quote }}
SLUICE_LAUNCHER_KUBERNETES_STAGER_IMAGE: {{ default (include "sluice.image" .) $k8s.stagerImage | quote }}
SLUICE_LAUNCHER_KUBERNETES_STAGER_PULL_POLICY: {{ $root.Values.image.pullPolicy | quote }}
SLUICE_LAUNCHER_KUBERNETES_STAGER_CPU: {{ $k8s.stagerCpu | quote }}
SLUICE_LAUNCHER_KUBERNETES_STAGER_MEMORY: {{ $k8s.stagerMemory | quote }}
SLUICE_LAUNCHER_KUBERNETES_S3_SECRET: {{ default $minio.credentialsSecret.name $k8s.s3Secret.name | quote }}
SLUICE_LAUNCHER_KUBERNETES_S3_ACCESS_KEY_KEY: {{ default $minio.credentialsSecret.accessKeyKey $k8s.s3Secret.accessKeyKey | quote }}
SLUICE_LAUNCHER_KUBERNETES_S3_SECRET_KEY_KEY: {{ default $minio.credentialsSecret.secretKeyKey $k8s.s3Secret.secretKeyKey | quote }}
SLUICE_LAUNCHER_KUBERNETES_S3_ENDPOINT: {{ default $minio.endpoint $k8s.s3Endpoint | quote }}
{{- $storeCa := default $minio.tls.ca.secretName $k8s.s3CaSecret.name }}
{{- if $storeCa }}
SLUICE_LAUNCHER_KUBERNETES_S3_TRUST_CERTIFICATES_SECRET: {{ $storeCa | quote }}
SLUICE_LAUNCHER_KUBERNETES_S3_TRUST_CERTIFICATES_KEY: {{ default $minio.tls.ca.key $k8s.s3CaSecret.key | quote }}
{{- end }}
SLUICE_LAUNCHER_KUBERNETES_RESULTS_URI: {{ printf "s3://%s/_sluice/results/" $minio.buckets.artifacts | quote }}
SLUICE_LAUNCHER_STEP_LOGS_BUCKET: {{ $minio.buckets.artifacts | quote }}
{{- with $k8s.serviceAccount }}
SLUICE_LAUNCHER_KUBERNETES_SERVICE_ACCOUNT: {{ . | quote }}
{{- end }}
{{- with $k8s.imagePullSecrets }}
SLUICE_LAUNCHER_KUBERNETES_IMAGE_PULL_SECRETS: {{ join "," . | quote }}
{{- end }}
SLUICE_LAUNCHER_KUBERNETES_GPU_RESOURCE: {{ $k8s.gpuResource | quote }}
SLUICE_LAUNCHER_KUBERNETES_GPU_PRODUCT_LABEL: {{ $k8s.gpuProductLabel | quote }}
{{- with $k8s.gpuTolerations }}
SLUICE_LAUNCHER_KUBERNETES_GPU_TOLERATIONS: {{ join "," . | quote }}
{{- end }}
{{- with $k8s.tolerations }}
SLUICE_LAUNCHER_KUBERNETES_TOLERATIONS: {{ join "," . | quote }}
{{- end }}
{{- with $k8s.affinity }}
SLUICE_LAUNCHER_KUBERNETES_AFFINITY: {{ toJson . | quote }}
{{- end }}
{{- if $k8s.nodeSelector }}
QUARKUS_CONFIG_LOCATIONS: file:/etc/sluice/config/launcher.properties
{{- end }}
SLUICE_LAUNCHER_KUBERNETES_KUEUE: {{ $k8s.kueue.enabled | quote }}
SLUICE_LAUNCHER_KUBERNETES_DEFAULT_QUEUE: {{ $k8s.defaultQueue | quote }}
SLUICE_LAUNCHER_KUBERNETES_MAX_RUNNING_JOBS_PER_QUEUE: {{ $k8s.maxRunningJobsPerQueue | int64 | quote }}
SLUICE_LAUNCHER_KUBERNETES_CLEANUP: {{ $k8s.cleanup | quote }}
SLUICE_LAUNCHER_KUBERNETES_TTL_SECONDS_AFTER_FINISHED: {{ $k8s.ttlSecondsAfterFinished | int64 | quote }}
SLUICE_LAUNCHER_KUBERNETES_STAGING_ALLOWANCE: {{ $k8s.stagingAllowance | quote }}
SLUICE_LAUNCHER_KUBERNETES_PENDING_TIMEOUT: {{ $k8s.pendingTimeout | quote }}
{{- end }}

{{- define "sluice.env.config.registry" }}
{{- end }}

{{- define "sluice.env.config.serving-gateway" }}
ORT_DISABLE_TELEMETRY: "1"
{{- with .root.Values.servingGateway.openModels }}
SLUICE_GATEWAY_OPEN_MODELS: {{ join "," . | quote }}
{{- end }}
{{- if .root.Values.servingGateway.leaderElection.enabled }}
SLUICE_GATEWAY_LEADERSHIP_MODE: kubernetes
SLUICE_GATEWAY_LEADERSHIP_KUBERNETES_LEASE_NAME: {{ include "sluice.gatewayLeaseName" .root | quote }}
{{- end }}
{{- end }}

{{/* Env entries read from Secrets: database, object store, Kafka credentials. */}}
{{- define "sluice.env.secrets" -}}
{{- $v := .root.Values }}
{{- $pg := $v.postgres.credentialsSecret }}
{{- $own := .values.postgres.credentialsSecret }}
{{- if $own.name }}{{ $pg = $own }}{{ end }}
{{ include "sluice.secretEnv" (dict "name" "QUARKUS_DATASOURCE_USERNAME" "secret" $pg.name "key" $pg.usernameKey) }}
{{ include "sluice.secretEnv" (dict "name" "QUARKUS_DATASOURCE_PASSWORD" "secret" $pg.name "key" $pg.passwordKey) }}
{{- with $v.minio.credentialsSecret }}
{{ include "sluice.secretEnv" (dict "name" "SLUICE_S3_ACCESS_KEY" "secret" .name "key" .accessKeyKey) }}
{{ include "sluice.secretEnv" (dict "name" "SLUICE_S3_SECRET_KEY" "secret" .name "key" .secretKeyKey) }}
{{- end }}
{{- if $v.kafka.sasl.enabled }}
{{- with $v.kafka.sasl }}
{{- if .jaasConfigSecret.name }}
{{ include "sluice.secretEnv" (dict "name" "KAFKA_SASL_JAAS_CONFIG" "secret" .jaasConfigSecret.name "key" .jaasConfigSecret.key) }}
{{- else if and .username .passwordSecret.name }}
{{ include "sluice.secretEnv" (dict "name" "SLUICE_KAFKA_SASL_PASSWORD" "secret" .passwordSecret.name "key" .passwordSecret.key) }}
{{- /* Kubernetes expands $(SLUICE_KAFKA_SASL_PASSWORD) when the container starts: the password never appears in the pod spec. */}}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"%s\" password=\"$(SLUICE_KAFKA_SASL_PASSWORD)\";" (include "sluice.kafka.loginModule" .mechanism) .username | quote }}
{{- else }}
{{- fail "kafka.sasl.enabled needs kafka.sasl.jaasConfigSecret.name, or kafka.sasl.username with kafka.sasl.passwordSecret.name" }}
{{- end }}
{{- end }}
{{- end }}
{{- if $v.kafka.tls.enabled }}
{{- with $v.kafka.tls.truststore.passwordSecret }}
{{- if .name }}
{{ include "sluice.secretEnv" (dict "name" "KAFKA_SSL_TRUSTSTORE_PASSWORD" "secret" .name "key" .key) }}
{{- end }}
{{- end }}
{{- if $v.kafka.tls.keystore.secretName }}
{{- with $v.kafka.tls.keystore.passwordSecret }}
{{- if .name }}
{{ include "sluice.secretEnv" (dict "name" "KAFKA_SSL_KEYSTORE_PASSWORD" "secret" .name "key" .key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
