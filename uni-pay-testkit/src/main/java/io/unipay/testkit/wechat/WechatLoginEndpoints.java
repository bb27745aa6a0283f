package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.security.MessageDigest;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/** The HTTP side of {@link WechatLoginSimulator}: the two exchange APIs and the authorize page. */
final class WechatLoginEndpoints extends Dispatcher {
  static final String JSCODE2SESSION = "/sns/jscode2session";
  static final String OAUTH2_ACCESS_TOKEN = "/sns/oauth2/access_token";
  static final String AUTHORIZE = "/connect/oauth2/authorize";

  private final WechatLoginSimulator sim;
  private final ObjectMapper mapper = new ObjectMapper();

  WechatLoginEndpoints(WechatLoginSimulator sim) {
    this.sim = sim;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      HttpUrl url = request.getUrl();
      String path = url.encodedPath();
      if (!"GET".equals(request.getMethod())) {
        return text(405, "text/plain", "method not allowed");
      }
      return switch (path) {
        case JSCODE2SESSION -> exchange(url, IssuedLoginCode.Kind.MINI_PROGRAM);
        case OAUTH2_ACCESS_TOKEN -> exchange(url, IssuedLoginCode.Kind.OFFICIAL_ACCOUNT);
        case AUTHORIZE -> authorize(url);
        default -> text(404, "text/plain", "not found");
      };
    } catch (RuntimeException e) {
      // A simulator bug or an input it cannot read: make it visible in the test that caused it.
      return text(500, "text/plain", "WeChat login simulator failed: " + e);
    }
  }

  private MockResponse exchange(HttpUrl url, IssuedLoginCode.Kind kind) {
    sim.apiCalls.incrementAndGet();
    WechatLoginFault fault = sim.nextFault();
    if (fault != null) return faulted(fault);
    String appId = url.queryParameter("appid");
    String secret = url.queryParameter("secret");
    String code =
        url.queryParameter(kind == IssuedLoginCode.Kind.MINI_PROGRAM ? "js_code" : "code");
    WechatLoginSimulator.App app = appId == null ? null : sim.apps.get(appId);
    if (app == null || app.kind() != kind) return error(40013, "invalid appid");
    if (secret == null || !MessageDigest.isEqual(secret.getBytes(UTF_8), app.secret().getBytes(UTF_8))) {
      return error(40125, "invalid appsecret");
    }
    if (!"authorization_code".equals(url.queryParameter("grant_type"))) {
      return error(40002, "invalid grant_type");
    }
    if (code == null || code.isEmpty()) return error(41008, "missing code");
    IssuedLoginCode issued;
    synchronized (sim.lock) {
      WechatLoginSimulator.CodeState state = sim.codes.get(code);
      if (state == null || state.issued.kind() != kind || !state.issued.appId().equals(appId)) {
        return error(40029, "invalid code");
      }
      if (state.used) return error(40163, "code been used");
      if (!sim.clock.instant().isBefore(state.issued.expiresAt())) {
        return error(40029, "invalid code");
      }
      state.used = true;
      issued = state.issued;
    }
    ObjectNode answer = mapper.createObjectNode();
    if (kind == IssuedLoginCode.Kind.MINI_PROGRAM) {
      answer.put("session_key", issued.sessionKey());
      answer.put("openid", issued.openid());
      if (issued.unionid() != null) answer.put("unionid", issued.unionid());
      if (sim.errcodeOnSuccess) answer.put("errcode", 0).put("errmsg", "ok");
      return text(200, "text/plain", write(answer));
    }
    answer.put("access_token", WechatLoginSimulator.random(86));
    answer.put("expires_in", 7200);
    answer.put("refresh_token", WechatLoginSimulator.random(86));
    answer.put("openid", issued.openid());
    answer.put("scope", issued.scope());
    if (issued.snapshotUser()) answer.put("is_snapshotuser", 1);
    if (issued.unionid() != null) answer.put("unionid", issued.unionid());
    return text(200, "application/json; encoding=utf-8", write(answer));
  }

  /**
   * The authorize page, as seen by a browser in WeChat whose user agrees at once: a 302 to {@code
   * redirect_uri} with {@code code} and {@code state} added to its query.
   */
  private MockResponse authorize(HttpUrl url) {
    String appId = url.queryParameter("appid");
    String redirectUri = url.queryParameter("redirect_uri");
    String scope = url.queryParameter("scope");
    String state = url.queryParameter("state");
    WechatLoginSimulator.App app = appId == null ? null : sim.apps.get(appId);
    if (app == null || app.kind() != IssuedLoginCode.Kind.OFFICIAL_ACCOUNT) {
      return text(200, "text/html; charset=utf-8", "<html>appid参数错误</html>");
    }
    if (!"code".equals(url.queryParameter("response_type"))) {
      return text(200, "text/html; charset=utf-8", "<html>response_type参数错误</html>");
    }
    if (!"snsapi_base".equals(scope) && !"snsapi_userinfo".equals(scope)) {
      return text(200, "text/html; charset=utf-8", "<html>scope参数错误或没有scope权限</html>");
    }
    if (redirectUri == null || !absoluteHttp(redirectUri)) {
      return text(200, "text/html; charset=utf-8", "<html>redirect_uri参数错误</html>");
    }
    IssuedLoginCode issued = sim.authorizeCode(appId, scope);
    String location =
        redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + issued.code()
            + (state == null ? "" : "&state=" + URLEncoder.encode(state, UTF_8));
    return new MockResponse.Builder().code(302).setHeader("Location", location).build();
  }

  private static boolean absoluteHttp(String uri) {
    try {
      URI parsed = new URI(uri);
      return ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
          && parsed.getHost() != null
          && parsed.getRawFragment() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private MockResponse faulted(WechatLoginFault fault) {
    return switch (fault) {
      case HTTP_503 -> text(503, "text/html", "<html>503 Service Temporarily Unavailable</html>");
      case MALFORMED_BODY -> text(200, "text/html", "<html><body>upstream error</body></html>");
      case DISCONNECT ->
          new MockResponse.Builder()
              .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
              .build();
      default -> error(fault.errcode(), fault.errmsg());
    };
  }

  /** WeChat's error answer: HTTP 200, {@code errcode} and {@code errmsg} with a request id. */
  private MockResponse error(int errcode, String errmsg) {
    ObjectNode body = mapper.createObjectNode();
    body.put("errcode", errcode);
    body.put("errmsg", errmsg + ", rid: " + WechatLoginSimulator.random(8).toLowerCase()
        + "-" + WechatLoginSimulator.random(8).toLowerCase());
    return text(200, "application/json; encoding=utf-8", write(body));
  }

  private String write(ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MockResponse text(int code, String contentType, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", contentType)
        .body(body).build();
  }
}
