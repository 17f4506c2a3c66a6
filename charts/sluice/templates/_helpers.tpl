{{/*
Names and labels. Most helpers take a component context:
  dict "root" $ "component" "<name>" "values" <that component's values, or nil>
*/}}

{{/* The chart's name, or nameOverride. */}}
{{- define "sluice.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name (63 characters at most); the release name alone when it holds the chart name. */}}
{{- define "sluice.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "sluice.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The component table: component name -> key of its values. */}}
{{- define "sluice.components" -}}
{"ingest": "ingest", "orchestrator": "orchestrator", "trainer-launcher": "trainerLauncher", "registry": "registry", "serving-gateway": "servingGateway"}
{{- end }}

{{/* Name of a component's objects, <fullname>-<component>: the fullname is cut so that the suffix always fits in 63 characters. */}}
{{- define "sluice.componentName" -}}
{{- $room := sub 62 (len .component) | int }}
{{- printf "%s-%s" (include "sluice.fullname" .root | trunc $room | trimSuffix "-") .component }}
{{- end }}

{{/* The version label: the component's image tag, else the chart's appVersion. */}}
{{- define "sluice.version" -}}
{{- $tag := "" }}
{{- if .values }}{{ $tag = .values.image.tag }}{{ end }}
{{- default .root.Chart.AppVersion $tag | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select a component's pods: name (<chart name>-<component>) and instance. */}}
{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-%s" (include "sluice.name" .root) .component | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* Every label of a component's objects. */}}
{{- define "sluice.labels" -}}
helm.sh/chart: {{ include "sluice.chart" .root }}
{{ include "sluice.selectorLabels" . }}
app.kubernetes.io/version: {{ include "sluice.version" . | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ include "sluice.name" .root }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* A component's image: [<registry>/]<repository>(@<digest>|:<tag>). */}}
{{- define "sluice.image" -}}
{{- $image := .values.image }}
{{- $registry := .root.Values.image.registry }}
{{- $repository := ternary (printf "%s/%s" $registry $image.repository) $image.repository (ne $registry "") }}
{{- if $image.digest }}
{{- printf "%s@%s" $repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}
{{- end }}

{{/* A component's service account name. */}}
{{- define "sluice.serviceAccountName" -}}
{{- if .values.serviceAccount.create }}
{{- default (include "sluice.componentName" .) .values.serviceAccount.name }}
{{- else }}
{{- default "default" .values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Whether a component talks to the Kubernetes API (and so gets a service account token). */}}
{{- define "sluice.needsApiToken" -}}
{{- if eq .component "trainer-launcher" }}true
{{- else if and (eq .component "serving-gateway") .root.Values.servingGateway.leaderElection.enabled }}true
{{- end }}
{{- end }}

{{/* The namespace step Jobs run in. */}}
{{- define "sluice.stepsNamespace" -}}
{{- default .Release.Namespace .Values.trainerLauncher.kubernetes.namespace }}
{{- end }}

{{/* A file from a Secret or a ConfigMap ({secretName, configMapName, key}) as a projected volume source. */}}
{{- define "sluice.fileSource" -}}
{{- if .secretName }}
- secret:
    name: {{ .secretName }}
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- else if .configMapName }}
- configMap:
    name: {{ .configMapName }}
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- end }}
{{- end }}

{{/* Whether a file source names a Secret or a ConfigMap. */}}
{{- define "sluice.hasFile" -}}
{{- if or .secretName .configMapName }}true{{ end }}
{{- end }}

{{/* An env var read from a Secret: dict "name" <env var> "secret" <Secret name> "key" <key>. */}}
{{- define "sluice.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end }}

{{/* The JDBC URL, with sslmode and the CA file when TLS is on. */}}
{{- define "sluice.postgres.url" -}}
{{- $pg := .Values.postgres }}
{{- if $pg.tls.enabled }}
{{- $params := printf "sslmode=%s" $pg.tls.sslMode }}
{{- if include "sluice.hasFile" $pg.tls.ca }}
{{- $params = printf "%s&sslrootcert=/etc/sluice/postgres-tls/%s" $params $pg.tls.ca.key }}
{{- end }}
{{- printf "%s%s%s" $pg.url (ternary "&" "?" (contains "?" $pg.url)) $params }}
{{- else }}
{{- $pg.url }}
{{- end }}
{{- end }}

{{/* Kafka's security.protocol from the tls and sasl switches. */}}
{{- define "sluice.kafka.protocol" -}}
{{- $kafka := .Values.kafka }}
{{- if and $kafka.tls.enabled $kafka.sasl.enabled }}SASL_SSL
{{- else if $kafka.sasl.enabled }}SASL_PLAINTEXT
{{- else if $kafka.tls.enabled }}SSL
{{- else }}PLAINTEXT
{{- end }}
{{- end }}

{{/* The JAAS login module of a SASL mechanism. */}}
{{- define "sluice.kafka.loginModule" -}}
{{- if eq . "PLAIN" }}org.apache.kafka.common.security.plain.PlainLoginModule
{{- else }}org.apache.kafka.common.security.scram.ScramLoginModule
{{- end }}
{{- end }}

{{/* A scalar value as text; whole numbers without an exponent (YAML numbers arrive as float64). */}}
{{- define "sluice.scalar" -}}
{{- if and (kindIs "float64" .) (eq . (float64 (int64 .))) }}
{{- int64 . }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}

{{/*
The serving-gateway's rollout Lease: the configured name, else <fullname>-serving-gateway-rollouts
(so two releases in one namespace never share a Lease). Context: the root.
*/}}
{{- define "sluice.gatewayLeaseName" -}}
{{- $gateway := dict "root" . "component" "serving-gateway" }}
{{- default (printf "%s-rollouts" (include "sluice.componentName" $gateway)) .Values.servingGateway.leaderElection.leaseName | trunc 253 }}
{{- end }}
