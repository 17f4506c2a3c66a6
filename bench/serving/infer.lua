wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'
