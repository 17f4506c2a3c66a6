wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
-- The gateway wants a token with the inference role (run.sh passes it in SLUICE_TOKEN); the bare
-- server ignores it, so both carry the same bytes.
wrk.headers["authorization"] = "Bearer " .. os.getenv("SLUICE_TOKEN")
wrk.body = '{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'
-- --canary pins one of its runs to a version with the gateway's debug header.
local pin = os.getenv("SLUICE_BENCH_PIN_VERSION")
if pin and pin ~= "" then
  wrk.headers["X-Sluice-Model-Version"] = pin
end
