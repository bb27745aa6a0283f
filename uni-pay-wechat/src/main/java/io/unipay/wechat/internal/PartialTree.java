package io.unipay.wechat.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Reads only the fields a mapping needs out of a JSON object, with Jackson's streaming parser,
 * into an {@link ObjectNode} that answers those fields as a full tree would. Every other value is
 * skipped, still tokenized, so the factory's duplicate-key detection and JSON validation cover the whole
 * input exactly as {@code readTree} does.
 *
 * <p>Only the usual shapes are handled here: a selected field holding a string, an integer that
 * fits in a long, {@code null}, or (for a field with a nested selection) an object. Anything else
 * (another root, a float, a boolean, an array or a foreign object where a selected field is) makes
 * {@link #read} return null, and the caller reads the full tree; the mappings then see exactly the
 * node they always saw and refuse it with the same message.
 *
 * @param fields the selected top-level names
 * @param nested for a selected name that holds an object, the names selected inside it
 */
record PartialTree(Set<String> fields, Map<String, Set<String>> nested) {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  PartialTree {
    fields = Set.copyOf(fields);
    nested = Map.copyOf(nested);
  }

  /**
   * The selected fields of {@code json}, or null when it holds a shape read only as a full tree.
   *
   * @throws IOException when {@code json} is not valid JSON, duplicate keys included
   */
  ObjectNode read(JsonFactory factory, byte[] json) throws IOException {
    try (JsonParser p = factory.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      return object(p, fields, true);
    }
  }

  /** The object at the parser (just after its START_OBJECT), or null as above. */
  private ObjectNode object(JsonParser p, Set<String> selected, boolean root) throws IOException {
    ObjectNode node = NODES.objectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken token = p.nextToken();
      if (!selected.contains(name)) {
        p.skipChildren();
        continue;
      }
      Set<String> inner = root ? nested.get(name) : null;
      switch (token) {
        case VALUE_STRING -> node.set(name, NODES.textNode(p.getText()));
        case VALUE_NULL -> node.set(name, NODES.nullNode());
        case VALUE_NUMBER_INT -> {
          JsonParser.NumberType type = p.getNumberType();
          if (type == JsonParser.NumberType.INT) node.set(name, NODES.numberNode(p.getIntValue()));
          else if (type == JsonParser.NumberType.LONG) {
            node.set(name, NODES.numberNode(p.getLongValue()));
          } else {
            return null;
          }
        }
        case START_OBJECT -> {
          if (inner == null) return null;
          ObjectNode child = object(p, inner, false);
          if (child == null) return null;
          node.set(name, child);
        }
        default -> {
          return null;
        }
      }
    }
    return node;
  }
}
