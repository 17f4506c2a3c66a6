package io.sluice.gateway.infer;

/**
 * Why a caller may not score with a model: 401 with its {@code WWW-Authenticate} challenge, or 403
 * (no challenge).
 */
record AccessRefusal(int status, String challenge, String message) {}
