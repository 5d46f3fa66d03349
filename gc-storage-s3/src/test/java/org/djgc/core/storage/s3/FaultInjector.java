package org.djgc.core.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An SDK interceptor that records every operation a store sends and, when armed, fails one of
 * them: either before it is sent (the server never sees it) or after it completed (the server did
 * it, the client sees an error, like a lost response). It can also corrupt a listing page into
 * "truncated without a continuation token".
 */
final class FaultInjector implements ExecutionInterceptor {
  /** When an armed fault strikes. */
  enum When {
    /** The request is never sent. */
    BEFORE_SENDING,
    /** The request was carried out, but its response is lost. */
    AFTER_COMPLETION
  }

  private final List<String> operations = new ArrayList<>();
  private String faultOperation;
  private int faultAt;
  private When faultWhen;
  private int seen;
  private int truncateListingAt;
  private int listingsSeen;
  private boolean reversePages;
  private String repeated;
  private String serverErrorOperation;
  private int serverErrorsLeft;
  private int attempts;
  private static final ExecutionAttribute<Boolean> REPLACED = new ExecutionAttribute<>("faultInjectorReplaced");

  /** Fails the {@code n}-th call (1-based, counted from now) of {@code operation}, or of any operation when null. */
  synchronized void failOn(String operation, int n, When when) {
    faultOperation = operation;
    faultAt = n;
    faultWhen = when;
    seen = 0;
  }

  /** Makes the {@code n}-th ListObjectsV2 page (counted from now) truncated with no continuation token. */
  synchronized void truncateListingWithoutToken(int n) {
    truncateListingAt = n;
    listingsSeen = 0;
  }

  /**
   * Serves every ListObjectsV2 page in reverse, as a server with an order of its own would (the
   * continuation tokens stay the server's, so the listing stays complete).
   */
  synchronized void reverseListingPages() {
    reversePages = true;
  }

  /** Serves the first key of the next listing page again on the page after it, as a server that repeats a page. */
  synchronized void repeatAKeyOnTheNextPage() {
    repeated = "";
    listingsSeen = 0;
  }

  /** Answers the next {@code count} attempts of {@code operation} with {@code 503 SlowDown}, as a throttling server. */
  synchronized void slowDown(String operation, int count) {
    serverErrorOperation = operation;
    serverErrorsLeft = count;
  }

  /** HTTP attempts made, retries included. */
  synchronized int attempts() {
    return attempts;
  }

  synchronized void disarm() {
    faultAt = 0;
    truncateListingAt = 0;
    serverErrorsLeft = 0;
  }

  synchronized List<String> operations() {
    return List.copyOf(operations);
  }

  synchronized long count(String operation) {
    return operations.stream().filter(operation::equals).count();
  }

  synchronized void clear() {
    operations.clear();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    synchronized (this) {
      operations.add(operation);
      if (faultAt > 0 && (faultOperation == null || faultOperation.equals(operation))) {
        seen++;
        if (seen == faultAt) {
          faultAt = faultWhen == When.BEFORE_SENDING ? 0 : -1;
          if (faultWhen == When.BEFORE_SENDING) {
            throw SdkClientException.create("injected fault before sending " + operation);
          }
        }
      }
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    synchronized (this) {
      if (faultAt == -1) {
        faultAt = 0;
        throw SdkClientException.create("injected fault after completing "
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      }
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    synchronized (this) {
      attempts++;
    }
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    synchronized (this) {
      if (serverErrorsLeft > 0 && operation.equals(serverErrorOperation)) {
        serverErrorsLeft--;
        attributes.putAttribute(REPLACED, true);
        return context.httpResponse().toBuilder().statusCode(503).statusText("Slow Down")
            .removeHeader("Content-Length").build();
      }
    }
    return context.httpResponse();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(REPLACED))) {
      attributes.putAttribute(REPLACED, false);
      String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
          + "<Message>Please reduce your request rate.</Message></Error>";
      return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
    return context.responseBody();
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    synchronized (this) {
      if (faultAt == -1) {
        faultAt = 0; // the armed call failed by itself: nothing left to lose
      }
    }
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
    if (response instanceof ListObjectsV2Response listing) {
      synchronized (this) {
        if (truncateListingAt > 0 && ++listingsSeen == truncateListingAt) {
          truncateListingAt = 0;
          return listing.toBuilder().isTruncated(true).nextContinuationToken(null).build();
        }
        List<S3Object> contents = new ArrayList<>(listing.contents());
        if (repeated != null && repeated.isEmpty() && !contents.isEmpty()) {
          repeated = contents.get(0).key();
        } else if (repeated != null && !repeated.isEmpty()) {
          contents.add(S3Object.builder().key(repeated).size(0L).build());
          repeated = null;
        }
        if (reversePages) {
          java.util.Collections.reverse(contents);
        }
        return listing.toBuilder().contents(contents).build();
      }
    }
    return response;
  }
}
