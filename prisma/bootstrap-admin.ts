// First start of a production database without demo data: create one administrator from the environment.
import { prisma } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";

const email = process.env.ADMIN_EMAIL?.trim().toLowerCase();
const password = process.env.ADMIN_PASSWORD;
if (!email || !password || password.length < 12) {
  console.error("convene setup: set ADMIN_EMAIL and ADMIN_PASSWORD (at least 12 characters) to create the first administrator.");
  process.exit(1);
}
await prisma.user.create({
  data: {
    email,
    nameZh: "管理员",
    nameEn: "Administrator",
    passwordHash: await hashPassword(password),
    roles: { connect: [{ name: "admin" }, { name: "staff" }] },
  },
});
console.log(`convene setup: administrator ${email} created.`);
await prisma.$disconnect();
