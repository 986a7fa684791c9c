/** Deterministic pseudo-random numbers (mulberry32): the same demo every time for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

// Common surnames weighted roughly by frequency (repeats raise the weight).
const SURNAMES =
  '王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN_MALE =
  '伟强磊军洋勇杰涛明超刚辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林晨阳博文轩昊然睿哲志成家豪子航'.split('');
const GIVEN_FEMALE = '芳娜敏静丽艳娟霞秀燕玲桂丹萍红婷雪琳晶颖慧倩琪欣怡涵悦佳璐梦瑶思雨诗晴梓萱婉清雅'.split(
  '',
);

export function chineseName(rnd: () => number): { name: string; gender: 'M' | 'F' } {
  const gender = rnd() < 0.5 ? 'M' : 'F';
  const pool = gender === 'M' ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rnd() < 0.7 ? pick(rnd, pool) + pick(rnd, pool) : pick(rnd, pool);
  return { name: pick(rnd, SURNAMES) + given, gender };
}
