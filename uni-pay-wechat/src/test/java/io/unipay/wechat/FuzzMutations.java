package io.unipay.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutations of WeChat Pay JSON for the fuzz suite: of raw bytes (which must then never verify) and
 * of the plaintext tree (which is re-signed and re-encrypted, so it verifies and must be parsed
 * faithfully or rejected).
 */
final class FuzzMutations {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A mutated plaintext and whether it must be rejected whatever the parser thinks. */
  record Mutated(String json, String description, boolean mustReject) {
    Mutated {
      // What the wire carries: a lone surrogate cannot be UTF-8 and is sent as '?'.
      json = new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
  }

  private static final String[] STRINGS = {
    "",
    " ",
    "x",
    "\r\nFORGED 2026-01-01 INFO ok",
    "\u0000",
    "\u2028",
    "null",
    "SUCCESS",
    "REFUND",
    "CLOSED",
    "PROCESSING",
    "1230000109",
    "1900000109",
    "wxd678efh567hg6787",
    "wx0000000000000000",
    "9".repeat(40),
    "é漢字\uD83D\uDE00",
    "\uD800",
    "x".repeat(5000)
  };

  private FuzzMutations() {}

  /** Flips, inserts or deletes bytes of {@code signed}; never returns it unchanged. */
  static byte[] mutateBytes(byte[] signed, Random random) {
    byte[] out;
    int pos = random.nextInt(signed.length);
    switch (random.nextInt(4)) {
      case 0 -> {
        out = signed.clone();
        out[pos] ^= (byte) (1 + random.nextInt(255));
      }
      case 1 -> {
        out = new byte[signed.length + 1];
        System.arraycopy(signed, 0, out, 0, pos);
        out[pos] = (byte) random.nextInt(256);
        System.arraycopy(signed, pos, out, pos + 1, signed.length - pos);
      }
      case 2 -> {
        out = new byte[signed.length - 1];
        System.arraycopy(signed, 0, out, 0, pos);
        System.arraycopy(signed, pos + 1, out, pos, signed.length - pos - 1);
      }
      default -> {
        out = new byte[signed.length + 1];
        System.arraycopy(signed, 0, out, 0, signed.length);
        out[signed.length] = (byte) " \n}\u0000".charAt(random.nextInt(4));
      }
    }
    return out;
  }

  /** One random mutation of a JSON object's fields (nested ones included). */
  static Mutated mutateTree(String original, Random random) {
    ObjectNode tree;
    try {
      tree = (ObjectNode) JSON.readTree(original);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    List<String[]> paths = new ArrayList<>();
    collect(tree, new ArrayList<>(), paths);
    String[] path = paths.get(random.nextInt(paths.size()));
    ObjectNode parent = parent(tree, path);
    String field = path[path.length - 1];
    String where = String.join(".", path);
    int kind = random.nextInt(9);
    switch (kind) {
      case 0 -> parent.remove(field);
      case 1 -> parent.put(field, STRINGS[random.nextInt(STRINGS.length)]);
      case 2 -> parent.put(field, random.nextInt(3) - 1 + (long) random.nextInt(2000));
      case 3 -> parent.put(field, hugeOrOdd(random));
      case 4 -> parent.put(field, random.nextBoolean());
      case 5 -> parent.putNull(field);
      case 6 -> parent.putArray(field).add(1);
      case 7 -> parent.putObject(field).put("x", 1);
      default -> {
        // Duplicate key: the field appears twice; a parser keeping either copy is wrong.
        String json = tree.toString();
        String key = "\"" + field + "\":";
        int at = json.indexOf(key);
        String dup = key + "\"DUPLICATE\",";
        return new Mutated(
            json.substring(0, at) + dup + json.substring(at), "duplicate " + where, true);
      }
    }
    return new Mutated(tree.toString(), "mutation " + kind + " at " + where, false);
  }

  private static JsonNode hugeOrOdd(Random random) {
    return switch (random.nextInt(6)) {
      case 0 ->
          JSON.getNodeFactory().numberNode(BigInteger.TWO.pow(64).add(BigInteger.valueOf(990)));
      case 1 -> JSON.getNodeFactory().numberNode(Long.MIN_VALUE);
      case 2 -> JSON.getNodeFactory().numberNode(Long.MAX_VALUE);
      case 3 -> JSON.getNodeFactory().numberNode(990.0);
      case 4 -> JSON.getNodeFactory().numberNode(1e2);
      default -> JSON.getNodeFactory().numberNode(new BigInteger("9".repeat(300)));
    };
  }

  private static void collect(JsonNode node, List<String> prefix, List<String[]> out) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              List<String> path = new ArrayList<>(prefix);
              path.add(name);
              out.add(path.toArray(String[]::new));
              if (node.get(name).isObject()) collect(node.get(name), path, out);
            });
  }

  private static ObjectNode parent(ObjectNode root, String[] path) {
    ObjectNode node = root;
    for (int i = 0; i < path.length - 1; i++) node = (ObjectNode) node.get(path[i]);
    return node;
  }

  /** The text at a dotted path, or null when absent, null or not a string. */
  static String text(JsonNode root, String path) {
    JsonNode node = at(root, path);
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  /** The node at a dotted path, or null. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    return node;
  }

  /** The amount at a path as the parser must read it: -1 absent/null, else exact long or null. */
  static Long amount(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (node == null || node.isNull()) return -1L;
    if (!node.isIntegralNumber() || !node.canConvertToLong()) return null;
    return node.longValue();
  }
}
