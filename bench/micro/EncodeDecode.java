// A quick measure of loop-value's encode and decode of the 64-byte map the process benchmarks send.
// Usage (from the repository root, after a build):
//   javac -d /tmp/micro -cp loop-value/target/classes:loop-api/target/classes bench/micro/EncodeDecode.java
//   java -cp loop-value/target/classes:loop-api/target/classes:/tmp/micro EncodeDecode
import dev.loop.value.ValueEncoding;
import java.util.*;
public class EncodeDecode {
    public static void main(String[] a) {
        Map<String,Object> v = new LinkedHashMap<>(); v.put("seq", 1); v.put("text", "abcdefghijklmnopqrstuvwxyz01"); v.put("ok", true);
        long sink = 0;
        for (int round = 0; round < 8; round++) {
            long t = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) { v.put("seq", i); sink += ValueEncoding.encode(v).length; }
            long enc = System.nanoTime() - t;
            byte[] b = ValueEncoding.encode(v);
            t = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) { sink += ((Map<?,?>) ValueEncoding.decode(b)).size(); }
            long dec = System.nanoTime() - t;
            System.out.printf("encode %.0f ns, decode %.0f ns%n", enc / 2e6, dec / 2e6);
        }
        System.out.println(sink);
    }
}
