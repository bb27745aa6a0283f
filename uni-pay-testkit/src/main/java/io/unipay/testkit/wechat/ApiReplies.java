package io.unipay.testkit.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;

/**
 * The answers and request checks the simulator's API endpoints share: WeChat Pay's error bodies
 * ({@code code}, {@code message}, a {@code PARAM_ERROR}'s {@code detail}), the JSON body and its
 * required fields, notify URLs.
 */
final class ApiReplies {
  /** An answer before signing: status and JSON body (empty for 204). */
  record Reply(int status, byte[] body) {
    static Reply json(int status, String json) {
      return new Reply(status, json.getBytes(UTF_8));
    }
  }

  private final WechatPaySimulator sim;

  ApiReplies(WechatPaySimulator sim) {
    this.sim = sim;
  }

  Reply error(int status, String code, String message) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    return Reply.json(status, sim.json(body));
  }

  BadRequest paramError(String field, String issue) {
    return paramError(field, issue, "body");
  }

  BadRequest paramError(String field, String issue, String location) {
    ObjectNode body = sim.mapper.createObjectNode();
    body.put("code", "PARAM_ERROR");
    body.put("message", "参数错误: " + field + " " + issue);
    ObjectNode detail = body.putObject("detail");
    detail.put("field", field);
    detail.put("issue", issue);
    detail.put("location", location);
    return new BadRequest(Reply.json(400, sim.json(body)));
  }

  JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : sim.mapper.readTree(body);
      if (node == null || !node.isObject()) throw paramError("/", "body must be a JSON object");
      return node;
    } catch (IOException e) {
      throw paramError("/", "body is not valid JSON");
    }
  }

  String requiredText(JsonNode req, String field, int maxLength) {
    JsonNode value = req.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw paramError("/" + field, "required");
    }
    if (value.asText().length() > maxLength)
      throw paramError("/" + field, "longer than " + maxLength);
    return value.asText();
  }

  void checkNotifyUrl(String url, String field) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw paramError(field, "not a URL");
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw paramError(field, "must be an http(s) URL");
    }
    if (uri.getRawQuery() != null) throw paramError(field, "must not carry query parameters");
  }

  /** A 4xx answer raised from deep inside validation. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Reply reply;

    BadRequest(Reply reply) {
      super(null, null, false, false);
      this.reply = reply;
    }
  }
}
