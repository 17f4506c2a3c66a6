package io.sluice.cli.provision;

import io.sluice.cli.CliException;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Creates S3 buckets idempotently: a bucket we already own counts as done. */
public final class S3Buckets {

  private final S3Requests s3;

  public S3Buckets(S3Requests s3) {
    this.s3 = s3;
  }

  public Outcome ensure(String bucket) {
    HttpResponse<String> response = put(bucket);
    if (response.statusCode() == 200) {
      return Outcome.CREATED;
    }
    if (response.statusCode() == 409 && response.body().contains("BucketAlreadyOwnedByYou")) {
      return Outcome.EXISTED;
    }
    throw new CliException(
        "could not create bucket "
            + bucket
            + ": HTTP "
            + response.statusCode()
            + " "
            + response.body().strip());
  }

  private HttpResponse<String> put(String bucket) {
    try {
      return s3.send("PUT", bucket, null, new byte[0]);
    } catch (IOException e) {
      throw new CliException("could not create bucket " + bucket + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while creating bucket " + bucket, e);
    }
  }
}
