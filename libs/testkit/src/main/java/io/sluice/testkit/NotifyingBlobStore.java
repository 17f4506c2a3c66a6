package io.sluice.testkit;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An S3Proxy blob store that reports every object write and delete once the underlying store has
 * completed it, which is where MinIO raises its bucket events. Batch deletes arrive here too:
 * {@link BlobStore#removeBlobs} removes one object at a time through {@link #removeBlob}.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

  /**
   * S3Proxy keeps a multipart upload's metadata in a hidden stub object under this prefix on the
   * filesystem store; it is bookkeeping, not a user's object.
   */
  static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

  private static final System.Logger LOG = System.getLogger(NotifyingBlobStore.class.getName());

  private final Consumer<ObjectEvent> listener;

  NotifyingBlobStore(BlobStore delegate, Consumer<ObjectEvent> listener) {
    super(delegate);
    this.listener = listener;
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    PutObjectResponse response = super.putBlob(request, payload);
    created(ObjectEvent.PUT, request.bucket(), request.key());
    return response;
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    CopyObjectResponse response = super.copyBlob(request);
    created(ObjectEvent.COPY, request.destinationBucket(), request.destinationKey());
    return response;
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
    created(ObjectEvent.COMPLETE_MULTIPART_UPLOAD, upload.containerName(), upload.blobName());
    return response;
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    DeleteObjectResponse response = super.removeBlob(request);
    if (!isBookkeeping(request.key())) {
      listener.accept(ObjectEvent.removed(request.bucket(), request.key()));
    }
    return response;
  }

  private void created(String eventName, String bucket, String key) {
    if (isBookkeeping(key)) {
      return;
    }
    HeadObjectRequest head = HeadObjectRequest.builder().bucket(bucket).key(key).build();
    try {
      listener.accept(ObjectEvent.created(eventName, bucket, key, delegate().blobMetadata(head)));
    } catch (RuntimeException e) {
      // Deleted again before we could look at it: MinIO would still have announced the write,
      // but with nothing left to describe there is nothing true to say about it.
      LOG.log(Level.WARNING, "No notification for {0}/{1}: {2}", bucket, key, e.toString());
    }
  }

  private static boolean isBookkeeping(String key) {
    return key.startsWith(MULTIPART_STUB_PREFIX);
  }
}
