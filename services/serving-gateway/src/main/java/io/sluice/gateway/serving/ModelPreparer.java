package io.sluice.gateway.serving;

import io.sluice.gateway.artifact.ArtifactDownloader;
import io.sluice.gateway.artifact.ArtifactLocation;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.inference.ModelLoader;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;

/** Downloads, verifies, loads and warms up one version: everything before it may take traffic. */
@ApplicationScoped
public class ModelPreparer implements Preparer {

  private final ArtifactDownloader downloader;
  private final ModelLoader loader;

  public ModelPreparer(ArtifactDownloader downloader, ModelLoader loader) {
    this.downloader = downloader;
    this.loader = loader;
  }

  @Override
  public ServedModel prepare(ModelVersion version) throws UnusableArtifactException {
    ArtifactLocation location = ArtifactLocation.parse(version.artifact().uri());
    byte[] onnx = downloader.download(location, version.artifact().sha256());
    return loader.load(version, onnx);
  }
}
