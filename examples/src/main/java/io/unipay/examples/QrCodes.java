package io.unipay.examples;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** QR codes as PNG images (the checkout page shows a Native / precreate {@code code_url}). */
final class QrCodes {
  private static final int SIZE = 240;

  private QrCodes() {}

  /** A 240 × 240 PNG of {@code text} (1..1024 chars). */
  static byte[] png(String text) throws IOException {
    if (text == null || text.isEmpty() || text.length() > 1024) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "text must be 1..1024 chars");
    }
    BitMatrix matrix;
    try {
      matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, SIZE, SIZE);
    } catch (WriterException e) {
      throw new BadRequest(400, "INVALID_ARGUMENT", "cannot encode QR: " + e.getMessage());
    }
    BufferedImage image =
        new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < matrix.getWidth(); x++) {
      for (int y = 0; y < matrix.getHeight(); y++) {
        image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }
}
