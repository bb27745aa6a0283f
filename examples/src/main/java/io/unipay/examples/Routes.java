package io.unipay.examples;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * One group of the app's HTTP routes (pages, sign-in, checkout, operator). {@link ApiServer} asks
 * each group in turn; a group answers the requests whose paths it owns, failing with a {@link
 * BadRequest} where the caller may not, and leaves every other request to the next group.
 */
interface Routes {

  /**
   * Serves the request when its path belongs to this group.
   *
   * @return whether this group answered it
   */
  boolean serve(HttpExchange ex, Caller caller, String path, String method) throws IOException;
}
