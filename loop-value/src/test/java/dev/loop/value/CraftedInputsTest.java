package dev.loop.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Issue 11: the inputs of {@link CraftedInputs}, each of which once made the decoder overflow its
 * stack, run out of memory or run for hours. Each must now end within its timeout, in a
 * {@link DataCloneException} or a correct value. The timeout runs the test on a thread of its own,
 * so a hang fails the test instead of the build.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class CraftedInputsTest {

    @Test
    void aMapKeyThatIsACyclicListIsRefused() {
        DataCloneException e = refused(CraftedInputs.cyclicMapKey());
        assertEquals("${key 0}", e.path());
        assertTrue(e.getMessage().contains("a List cannot be a map key or set element"), e.getMessage());
    }

    @Test
    void aSetElementThatIsACyclicListIsRefused() {
        DataCloneException e = refused(CraftedInputs.cyclicSetElement());
        assertEquals("${0}", e.path());
        assertTrue(e.getMessage().contains("a List cannot be a map key or set element"), e.getMessage());
    }

    @Test
    void nestingTenThousandDeepIsRefusedAtTheLimitWithAShortPath() {
        DataCloneException e = refused(CraftedInputs.nestedLists(10_000));
        assertTrue(e.getMessage().contains("nested deeper than " + StructuredClone.DEFAULT_MAX_DEPTH), e.getMessage());
        assertTrue(e.path().startsWith("$[0][0][0]"), e.path());
        assertTrue(e.path().contains("more levels"), e.path());
        assertTrue(e.path().length() < 200, "the path is truncated: " + e.path().length() + " chars");
    }

    @Test
    void aKeyWhosePathSegmentWouldBeExponentialIsRefusedWithoutPrintingIt() {
        byte[] bytes = CraftedInputs.keyPrintedExponentially(28);
        assertEquals(120, bytes.length);
        DataCloneException e = refused(bytes);
        assertEquals("${key 0}", e.path());
    }

    @Test
    void aSetElementWhoseHashIsExponentialIsRefusedWithoutHashingIt() {
        byte[] bytes = CraftedInputs.elementHashedExponentially(40);
        assertEquals(167, bytes.length);
        DataCloneException e = refused(bytes);
        assertEquals("${0}", e.path());
    }

    @Test
    void aRecordElementWhoseHashIsExponentialIsRefusedWithoutHashingIt() {
        DataCloneException e = refused(CraftedInputs.recordElementHashedExponentially(40));
        assertEquals("${0}", e.path());
        assertTrue(e.getMessage().contains("more than " + KeyRule.MAX_RECORDS + " records"), e.getMessage());
    }

    @Test
    void manyKeysSharingOneHashCodeAreRefusedPastTheLimit() {
        byte[] bytes = CraftedInputs.keysSharingOneHashCode(20_000);
        DataCloneException e = refused(bytes);
        assertEquals("${key " + KeyRule.MAX_KEYS_PER_HASH + "}", e.path());
        assertTrue(e.getMessage().contains("share the hash code"), e.getMessage());
        assertEquals(KeyRule.MAX_KEYS_PER_HASH,
                ((Map<?, ?>) decode(CraftedInputs.keysSharingOneHashCode(KeyRule.MAX_KEYS_PER_HASH))).size());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void keysThatCompareLongStringsInEveryMapRunOutOfBudget() {
        DataCloneException e = refused(CraftedInputs.equalLeavesComparedInEveryMap(80_000, 2_000_000));
        assertTrue(e.getMessage().contains("steps per byte"), e.getMessage());
        assertTrue(e.path().matches("\\$\\[\\d+]\\{key 1}"), e.path());
        assertEquals(102, ((List<?>) decode(CraftedInputs.equalLeavesComparedInEveryMap(100, 1000))).size());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void aBigNumberKeyHashedInEveryMapRunsOutOfBudget() {
        DataCloneException e = refused(CraftedInputs.bigNumberKeyInManyMaps(80_000, 1_000_000));
        assertTrue(e.getMessage().contains("steps per byte"), e.getMessage());
        assertEquals(101, ((List<?>) decode(CraftedInputs.bigNumberKeyInManyMaps(100, 1000))).size());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void aKeySharedByManyMapsDecodesInLinearTime() {
        byte[] bytes = CraftedInputs.sharedKeyInManyMaps(30_000, 100_000);
        assertTrue(bytes.length > 300_000, "about 310 KB: " + bytes.length);
        List<?> maps = (List<?>) decode(bytes);
        assertEquals(30_000, maps.size());
        Object key = ((Map<?, ?>) maps.get(0)).keySet().iterator().next();
        for (int i = 0; i < maps.size(); i++) {
            Map<?, ?> map = (Map<?, ?>) maps.get(i);
            assertEquals(1, map.size());
            assertSame(key, map.keySet().iterator().next(), "one key, shared");
            assertEquals(i, map.get(key));
        }
        assertArrayEquals(bytes, ValueEncoding.encode(CraftedInputs.sharedKeyValue(30_000, 100_000)),
                "the encoder writes the same bytes, in linear time too");
    }

    @Test
    void countsThatClaimTheSameBytesTwiceAreRefusedBeforeAllocating() {
        DataCloneException e = refused(CraftedInputs.nestedCountsClaimingTheSameBytes(900, 300_000));
        assertEquals("$[0]", e.path(), "the second list's count is refused: the first one's elements need those bytes");
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void aHugeCountIsRefused() {
        DataCloneException e = refused(CraftedInputs.hugeCount());
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void mutuallyRecursiveRecordTypesDecode() {
        assertEquals(new CraftedInputs.Ping(new CraftedInputs.Pong(null)), decode(CraftedInputs.mutuallyRecursiveRecords()));
    }

    @Test
    void anEnumWhoseClassCannotBeInitializedIsADataCloneException() {
        DataCloneException e = refused(CraftedInputs.enumThatCannotInitialize());
        assertTrue(e.getMessage().contains(CraftedInputs.Broken.class.getName()), e.getMessage());
    }

    private static Object decode(byte[] bytes) {
        return ValueEncoding.decode(bytes, CraftedInputsTest.class.getClassLoader());
    }

    private static DataCloneException refused(byte[] bytes) {
        return assertThrows(DataCloneException.class, () -> decode(bytes));
    }
}
